"""Checking a report's values against its template version: types, limits, choices, rules.

Numbers are read the Vietnamese way as well as from JSON:

* integers: a JSON integer, "1200", or "1.200" / "1.234.567" (dots as thousands separators, in
  groups of three). "1.5" and "1,5" are refused: they are not whole numbers.
* decimals: a JSON number, or text. Text with a comma is Vietnamese: the comma is the decimal
  separator and dots group thousands ("1.234,5", "1,5"). Text without a comma is read with dots
  as thousands separators when every group after the first has three digits ("1.200" = 1200,
  as a Vietnamese reader would take it), otherwise with the dot as the decimal point ("1.5",
  "12.25"). API clients that mean 1.2 should send a JSON number, not the text "1.200".

Those are the rules while Vietnamese (or any language but English) is active. With English
active (``get_language()`` starting with "en"), text is read the English way: commas group
thousands in groups of three and the dot is the decimal point, so "1,200" is 1200 and
"1,234.5" is 1234.5; "1.5" and "12.25" still read as decimals, and a comma that is not a
thousands separator ("1,5") is refused rather than guessed. JSON numbers read the same in
every language.

Values are stored as JSON: integers as numbers, decimals as text ("1234.5", exact), dates as
ISO text, yes/no as true/false, text and choices as text.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .choices import FieldType
from .expressions import compile_rule, describe, evaluate

MAX_TEXT = 4000
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_INTEGER = re.compile(r"^[+-]?\d+\Z")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+\Z")
_VN_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+\Z")
_DOT_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d+)?|\.\d+)\Z")
_EN_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?\Z")
_YES = {"có", "co", "yes", "true", "1", "x"}
_NO = {"không", "khong", "no", "false", "0"}


class _Invalid(Exception):
    def __init__(self, message):
        self.message = message


def _empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _english() -> bool:
    """English is active: commas group thousands and the dot is the decimal point."""
    return (get_language() or "").lower().startswith("en")


def parse_integer(value):
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        raise ValueError
    text = _SPACES.sub("", str(value))
    if _english():
        if _EN_GROUPED.match(text) and "." not in text:
            text = text.replace(",", "")
    elif _GROUPED.match(text):
        text = text.replace(".", "")
    if not _INTEGER.match(text):
        raise ValueError
    return int(text)


def parse_decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = _SPACES.sub("", str(value))
        if _english():
            if _EN_GROUPED.match(text):
                text = text.replace(",", "")
            elif not _DOT_DECIMAL.match(text):
                raise ValueError
        elif _VN_DECIMAL.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif _GROUPED.match(text):
            text = text.replace(".", "")
        elif not _DOT_DECIMAL.match(text):
            raise ValueError
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise ValueError
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise ValueError


def _number(value):
    return formats.number_format(value, force_grouping=True)


def _clean_one(field, value):
    """The stored form of one non-empty value, or _Invalid with a message naming the field."""
    label = field.label
    if field.type == FieldType.INTEGER:
        try:
            number = parse_integer(value)
        except (ValueError, TypeError):
            raise _Invalid(_("“%(label)s” phải là số nguyên, ví dụ 1200 hoặc 1.200.") % {"label": label}) from None
        _check_limits(field, Decimal(number))
        return number
    if field.type == FieldType.DECIMAL:
        try:
            number = parse_decimal(value)
        except (ValueError, TypeError):
            raise _Invalid(_("“%(label)s” phải là một số, ví dụ 1.234,5.") % {"label": label}) from None
        _check_limits(field, number)
        return str(number)
    if field.type == FieldType.DATE:
        try:
            return parse_date(value).isoformat()
        except (ValueError, TypeError):
            raise _Invalid(_("“%(label)s” phải là một ngày theo dạng dd/mm/yyyy, ví dụ 22/11/2026.")
                           % {"label": label}) from None
    if field.type == FieldType.YES_NO:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise _Invalid(_("“%(label)s” chỉ nhận “có” hoặc “không”.") % {"label": label})
    if field.type == FieldType.CHOICE:
        text = str(value).strip()
        for choice, choice_label in field.choice_pairs():
            if text in (choice, choice_label):
                return choice
        raise _Invalid(_("“%(value)s” không phải một lựa chọn của “%(label)s”.") % {"value": text, "label": label})
    if not isinstance(value, str):
        raise _Invalid(_("“%(label)s” phải là văn bản.") % {"label": label})
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise _Invalid(_("“%(label)s” dài quá %(max)s ký tự.") % {"label": label, "max": MAX_TEXT})
    return text


def _check_limits(field, number):
    if field.min_value is not None and number < field.min_value:
        raise _Invalid(_("“%(label)s” phải lớn hơn hoặc bằng %(min)s.")
                       % {"label": field.label, "min": _number(field.min_value.normalize())})
    if field.max_value is not None and number > field.max_value:
        raise _Invalid(_("“%(label)s” phải nhỏ hơn hoặc bằng %(max)s.")
                       % {"label": field.label, "max": _number(field.max_value.normalize())})


def _numeric(field, stored):
    if stored is None:
        return None
    if field.type == FieldType.INTEGER:
        return stored
    if field.type == FieldType.DECIMAL:
        return Decimal(stored)
    return None


@dataclass(frozen=True)
class VersionSpec:
    """A version's fields in order and its rules compiled: (rule, tree, field codes used)."""

    fields: tuple
    rules: tuple


#: Specs of published versions, by (id, publication time). A published version never changes,
#: so each web worker reads its fields and rules once instead of at every submission; the
#: publication time in the key keeps a reused id (a test database rolled back) from matching.
_PUBLISHED_SPECS: dict[tuple, VersionSpec] = {}


def version_spec(version) -> VersionSpec:
    """The fields and compiled rules of ``version`` (from memory once it is published)."""
    key = (version.pk, version.published_at) if version.is_published and version.published_at else None
    spec = _PUBLISHED_SPECS.get(key) if key else None
    if spec is None:
        fields = tuple(version.fields.all())
        by_code = {field.code: field for field in fields}
        rules = tuple((rule, *compile_rule(rule.expression, by_code)) for rule in version.rules.all())
        spec = VersionSpec(fields=fields, rules=rules)
        if key:
            _PUBLISHED_SPECS[key] = spec
    return spec


def clean_values(version, values, *, partial=False) -> tuple[dict, dict[str, list[str]]]:
    """The values in their stored form, and the errors by field code.

    ``partial`` (a draft) skips the required fields and the cross-field rules but still checks
    what was filled in.
    """
    spec = version_spec(version)
    fields = spec.fields
    by_code = {field.code: field for field in fields}
    errors: dict[str, list[str]] = {}
    if not isinstance(values, dict):
        return {}, {"__all__": [_("Số liệu phải là một bảng mã trường → giá trị.")]}
    for code in values:
        if code not in by_code:
            errors.setdefault(str(code), []).append(
                _("Mẫu báo cáo “%(template)s” (phiên bản %(number)s) không có trường “%(code)s”.")
                % {"template": version.template.name, "number": version.number, "code": code})
    cleaned = {}
    for field in fields:
        value = values.get(field.code)
        if _empty(value):
            if field.required and not partial:
                errors.setdefault(field.code, []).append(_("“%(label)s” là bắt buộc.") % {"label": field.label})
            continue
        try:
            cleaned[field.code] = _clean_one(field, value)
        except _Invalid as invalid:
            errors.setdefault(field.code, []).append(invalid.message)
    if not partial:
        numbers = {code: _numeric(by_code[code], value) for code, value in cleaned.items()}
        labels = {field.code: field.label for field in fields}
        invalid = set(errors)  # a rule over a value that is itself wrong says nothing more
        for rule, tree, used in spec.rules:
            if invalid.intersection(used) or evaluate(tree, numbers) is not False:
                continue
            message = rule.message or _("Số liệu chưa thỏa điều kiện: %(rule)s.") % {"rule": describe(tree, labels)}
            for code in used:
                errors.setdefault(code, []).append(message)
    return cleaned, errors


def validate_values(version, values) -> dict[str, list[str]]:
    """Errors by field code (empty when the values may be submitted), in Vietnamese."""
    return clean_values(version, values)[1]
