"""Checks of one worker's fields, shared by the import, the edit form and the API.

Each ``*_error`` function returns the reason in the user's language, or None; the import calls
them in a tight loop, so they take plain strings and raise nothing.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .constants import CCCD_CENTURY, CCCD_PROVINCE_CODES, MAX_AGE, MIN_AGE

CCCD_RE = re.compile(r"\d{12}\Z")
_PHONE_RE = re.compile(r"(?:0|84)\d{9,10}\Z")
_PHONE_STRIP = re.compile(r"[\s.\-()+]")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\Z")
_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?\Z")

SEX_WORDS = {"nam": "male", "male": "male", "m": "male", "nu": "female", "nữ": "female", "female": "female",
             "f": "female"}


def cccd_error(number: str, *, date_of_birth: datetime.date | None = None, sex: str = "") -> str | None:
    """Why a 12-digit citizen identity number is wrong, or None.

    Checked: 12 digits; the first three a province code as issued; the fourth (century and sex)
    one a living worker can have, and, when given, consistent with the sex and the year of birth;
    the 5th–6th digits the last two digits of the year of birth when that is given.
    """
    if not CCCD_RE.match(number):
        return _("Số CCCD phải gồm đúng 12 chữ số.")
    if number[:3] not in CCCD_PROVINCE_CODES:
        return _("3 chữ số đầu của số CCCD (%(code)s) không phải mã tỉnh nơi đăng ký khai sinh.") % {
            "code": number[:3]}
    return cccd_birth_error(number[3:6], date_of_birth=date_of_birth, sex=sex)


def cccd_birth_error(digits: str, *, date_of_birth: datetime.date | None = None, sex: str = "") -> str | None:
    """Why the 4th to 6th digits of a CCCD (century and sex, year of birth) are wrong, or None.

    Apart from cccd_error so that an upload checks each distinct (digits, date of birth, sex) once.
    """
    century = CCCD_CENTURY.get(digits[:1])
    if century is None:
        return _("Chữ số thứ 4 của số CCCD (mã thế kỷ và giới tính) phải từ 0 đến 3.")
    if sex and sex != century[1]:
        return _("Chữ số thứ 4 của số CCCD cho giới tính khác với cột giới tính.")
    if date_of_birth is not None:
        year = date_of_birth.year
        if year // 100 * 100 != century[0] or digits[1:3] != f"{year % 100:02d}":
            return _("Số CCCD không khớp năm sinh %(year)s (chữ số thứ 4 đến thứ 6 mã hóa thế kỷ và năm sinh).") % {
                "year": year}
    return None


def parse_date(value) -> datetime.date | None:
    """A date cell, or text dd/mm/yyyy (also yyyy-mm-dd); None when unreadable."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = map(int, match.groups())
            return datetime.date(year, month, day)
        match = _YMD.match(text)
        if match:
            return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None
    return None


def birth_date_error(value: datetime.date, today: datetime.date) -> str | None:
    if value > today:
        return _("Ngày sinh ở tương lai.")
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if age < MIN_AGE or age > MAX_AGE:
        return _("Tuổi %(age)s nằm ngoài khoảng %(min)s–%(max)s tuổi của người lao động.") % {
            "age": age, "min": MIN_AGE, "max": MAX_AGE}
    return None


def normalize_phone(value: str) -> str:
    """'+84 912.345.678' → '0912345678'; anything unreadable is returned stripped, for the error."""
    text = _PHONE_STRIP.sub("", value)
    if text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    return text


def phone_error(value: str) -> str | None:
    if not _PHONE_RE.match(value) or not value.startswith("0"):
        return _("Số điện thoại không hợp lệ: 10 hoặc 11 chữ số, bắt đầu bằng 0 (hoặc +84).")
    return None


def parse_sex(value: str) -> str | None:
    """'Nam', 'Nữ', 'nu', 'M', 'F' → a Sex value; '' → ''; None when unreadable."""
    if not value:
        return ""
    return SEX_WORDS.get(value.strip().lower())


def validate_cccd(value):
    error = cccd_error(value or "")
    if error:
        raise ValidationError(error, code="cccd")


def validate_phone(value):
    if value:
        error = phone_error(value)
        if error:
            raise ValidationError(error, code="phone")


def mask_identity(value: str) -> str:
    """0010******89: enough to tell two people apart on a list, not enough to use the number."""
    if not value:
        return ""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


def mask_phone(value: str) -> str:
    """09******21."""
    if not value:
        return ""
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]
