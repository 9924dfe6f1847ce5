from kcn.training.constants import DOCUMENT_MAX_BYTES  # noqa: F401  one limit for every document upload

# Quarterly updates are due this many days after a quarter ends; six-monthly evaluations this
# many days after a half-year ends. After that the graduate is listed as overdue.
UPDATE_GRACE_DAYS = 15
EVALUATION_GRACE_DAYS = 30

# The industry-and-trade sector of a province (seed 003, strategy target "90% Sở Công Thương"):
# the department itself and its two centres. A province counts when one of its graduates worked
# in one of these when they studied.
INDUSTRY_TRADE_TYPES = frozenset({"doit", "promotion_centre", "cp_centre"})
DEFAULT_DEPARTMENT_SHARE_TARGET = 90
