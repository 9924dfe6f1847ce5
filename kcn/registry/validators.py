import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Weights of the Vietnamese tax-code check digit (the 10th digit), per the General Department
# of Taxation: check = 10 - (sum of digit × weight over the first nine digits) mod 11.
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_TAX_CODE_RE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")
_PHONE_RE = re.compile(r"^(?:\+84|0)\d{8,10}$")


def tax_code_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid tax code starts with them."""
    check = 10 - sum(int(d) * w for d, w in zip(first_nine, TAX_CODE_WEIGHTS, strict=True)) % 11
    return None if check == 10 else check


def normalize_tax_code(value) -> str:
    """'0101234567', '0101234567-001' or '0101234567001' → canonical text; spaces and dots dropped."""
    text = re.sub(r"[\s.]", "", str(value or ""))
    match = _TAX_CODE_RE.match(text)
    if not match:
        return text
    main, branch = match.groups()
    return f"{main}-{branch}" if branch else main


def tax_code_error(value) -> str | None:
    """The reason a tax code is wrong, in the user's language, or None when it is valid."""
    text = normalize_tax_code(value)
    match = _TAX_CODE_RE.match(text)
    if not match:
        return str(_("Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số và 3 chữ số chi nhánh (ví dụ 0101234567-001)."))
    main, branch = match.groups()
    if tax_code_check_digit(main[:9]) != int(main[9]):
        return str(_("Mã số thuế sai chữ số kiểm tra (chữ số thứ 10)."))
    if branch == "000":
        return str(_("Mã chi nhánh của mã số thuế phải từ 001 đến 999."))
    return None


def validate_tax_code(value):
    error = tax_code_error(value)
    if error:
        raise ValidationError(error, code="tax_code")
    if normalize_tax_code(value) != value:
        raise ValidationError(_("Mã số thuế phải viết dạng 0101234567 hoặc 0101234567-001."), code="tax_code_format")


def normalize_phone(value) -> str:
    return re.sub(r"[\s.\-()]", "", str(value or ""))


def validate_phone(value):
    if value and not _PHONE_RE.match(normalize_phone(value)):
        raise ValidationError(
            _("Số điện thoại không hợp lệ: bắt đầu bằng 0 hoặc +84, từ 9 đến 11 chữ số."), code="phone"
        )
