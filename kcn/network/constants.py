from kcn.training.constants import DOCUMENT_MAX_BYTES  # noqa: F401  one limit for every document upload

# Quarterly updates are due this many days after a quarter ends; six-monthly evaluations this
# many days after a half-year ends. After that the graduate is listed as overdue.
UPDATE_GRACE_DAYS = 15
EVALUATION_GRACE_DAYS = 30
