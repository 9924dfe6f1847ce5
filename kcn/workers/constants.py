"""Fixed numbers of the worker registry."""

# Province codes that open a 12-digit CCCD: the place where the birth was registered, coded as the
# 63 provinces were before 1 July 2025 (Circular 07/2016/TT-BCA, Annex; unchanged since, and
# cards already issued keep them). Codes in 001–096 that were never assigned are refused.
CCCD_PROVINCE_CODES = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024",
    "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045",
    "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070",
    "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
    "094", "095", "096",
})
# The 4th digit: century of birth and sex. 0/1 born 1900–1999 (male/female), 2/3 born 2000–2099.
# Other digits (1800s, 2100s…) cannot belong to a person of working age, so they are refused.
CCCD_CENTURY = {"0": (1900, "male"), "1": (1900, "female"), "2": (2000, "male"), "3": (2000, "female")}

MIN_AGE = 15
MAX_AGE = 80
MAX_VACCINE_DOSES = 10

# A file with more data rows than this is refused before it is parsed.
DEFAULT_MAX_ROWS = 500_000
# The default upload limit of the site (20 MB) is too small for a 300,000-worker list.
DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024
# What the sheet may inflate to (core's 200 MB is for lists of enterprises).
DEFAULT_MAX_UNCOMPRESSED_BYTES = 1536 * 1024 * 1024
# Rows kept on an import to show what it added, changed and removed (the counts are exact).
DETAIL_LIMIT = 500
# Above this many rows the web upload runs in the task queue and the page polls the job.
INLINE_ROWS = 5_000
