"""Constants of health monitoring. Per-board policy lives in MonitoringRule rows, not here."""

from decimal import Decimal

# Used for a board that has not yet recorded a rule (Công điện 01/CĐ-UBND, May 2021 practice).
DEFAULT_QUARANTINE_DAYS = 14
DEFAULT_SELF_ISOLATION_DAYS = 14
# A measured temperature from this value counts as fever (Bộ Y tế: sốt từ 37,5 °C).
FEVER_FROM = Decimal("37.5")
TEMPERATURE_MIN = Decimal("34.0")
TEMPERATURE_MAX = Decimal("43.0")
# The signed scan of a commitment.
SCAN_MAX_BYTES = 5 * 1024 * 1024
SCAN_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
