from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kcn.reporting import validation
from kcn.reporting.choices import FieldType
from kcn.reporting.expressions import compile_rule, evaluate
from kcn.reporting.models import CrossFieldRule, Field, ReportTemplate, TemplateVersion
from kcn.reporting.validation import clean_values, parse_decimal, parse_integer, validate_values

pytestmark = pytest.mark.django_db

DAILY_OK = {"workforce": "1.200", "workers_at_work": 1100, "returnees": 12, "workers_not_returned": 30,
            "f0": 0, "f1": 2, "f2": 5, "f3": 0, "notes": "Bình thường"}


@pytest.fixture
def daily():
    return ReportTemplate.objects.get(code="covid_daily").current_version()


@pytest.fixture
def draft_version():
    template = ReportTemplate.objects.create(code="thu_nghiem", name="Thử nghiệm")
    version = TemplateVersion.objects.create(template=template, number=1)
    Field.objects.create(version=version, code="amount", label="Số tiền", type=FieldType.DECIMAL,
                         min_value=Decimal("0"), max_value=Decimal("1000000"))
    Field.objects.create(version=version, code="on", label="Ngày kiểm tra", type=FieldType.DATE)
    Field.objects.create(version=version, code="done", label="Đã hoàn thành", type=FieldType.YES_NO)
    Field.objects.create(version=version, code="level", label="Mức độ", type=FieldType.CHOICE,
                         choices=[["low", "Thấp"], ["high", "Cao"]])
    return version


def test_builtin_templates_are_published_with_valid_rules():
    for code in ("covid_daily", "holiday_return", "cleaner_production_quarterly"):
        version = ReportTemplate.objects.get(code=code).current_version()
        assert version.is_published and version.fields.exists()
        names = list(version.fields.values_list("code", flat=True))
        for rule in version.rules.all():
            compile_rule(rule.expression, names)


def test_valid_daily_report_and_vietnamese_numbers(daily):
    cleaned, errors = clean_values(daily, DAILY_OK)
    assert errors == {}
    assert cleaned["workforce"] == 1200


def test_required_type_and_minimum_name_the_field(daily):
    errors = validate_values(daily, {**DAILY_OK, "workforce": "", "f1": "1.5", "f2": -1, "extra": 3})
    assert errors["workforce"] == ["“Tổng số lao động” là bắt buộc."]
    assert "“Số trường hợp F1” phải là số nguyên" in errors["f1"][0]
    assert errors["f2"] == ["“Số trường hợp F2” phải lớn hơn hoặc bằng 0."]
    assert "không có trường “extra”" in errors["extra"][0]


def test_cross_field_rules_name_the_fields(daily):
    errors = validate_values(daily, {**DAILY_OK, "workforce": 100, "returnees": 101, "workers_at_work": 90})
    message = "Số lao động từ vùng dịch trở về không được lớn hơn tổng số lao động."
    assert message in errors["returnees"] and message in errors["workforce"]
    assert "Số lao động đang làm việc cộng số lao động chưa quay trở lại" in " ".join(errors["workers_at_work"])


@pytest.fixture
def forget_specs():
    """For a test that changes a published version behind the services' back (they refuse to):
    forget the fields and rules this process keeps in memory, before and after."""
    validation._PUBLISHED_SPECS.clear()
    yield
    validation._PUBLISHED_SPECS.clear()


def test_rule_without_message_describes_itself_with_labels(daily, forget_specs):
    rule = CrossFieldRule(version=daily, expression="f1 <= f0")
    errors = validate_values(daily, DAILY_OK | {"f1": 3})
    assert "f1" not in errors
    daily.rules.add(rule, bulk=False)
    validation._PUBLISHED_SPECS.clear()
    errors = validate_values(daily, DAILY_OK | {"f1": 3})
    assert errors["f1"] == ["Số liệu chưa thỏa điều kiện: Số trường hợp F1 ≤ Số ca dương tính (F0)."]


def test_decimal_date_choice_yes_no(draft_version):
    cleaned, errors = clean_values(draft_version, {"amount": "1.234,5", "on": "22/11/2026", "done": "có",
                                                   "level": "Cao"})
    assert errors == {}
    assert cleaned == {"amount": "1234.5", "on": "2026-11-22", "done": True, "level": "high"}
    errors = validate_values(draft_version, {"amount": "2.000.000", "on": "31/02/2026", "done": "có lẽ",
                                             "level": "vừa"})
    assert errors["amount"] == ["“Số tiền” phải nhỏ hơn hoặc bằng 1.000.000."]
    assert "dd/mm/yyyy" in errors["on"][0]
    assert errors["done"] == ["“Đã hoàn thành” chỉ nhận “có” hoặc “không”."]
    assert errors["level"] == ["“vừa” không phải một lựa chọn của “Mức độ”."]


@pytest.mark.parametrize(("text", "value"), [("1200", 1200), ("1.200", 1200), ("1.234.567", 1234567), (" 12 ", 12),
                                             (7.0, 7), ("-3", -3)])
def test_parse_integer(text, value):
    assert parse_integer(text) == value


@pytest.mark.parametrize("text", ["1.5", "1,5", "1.20", "abc", "1e3", True, 1.5, ""])
def test_parse_integer_refuses(text):
    with pytest.raises((ValueError, TypeError)):
        parse_integer(text)


@pytest.mark.parametrize(("text", "value"), [("1,5", "1.5"), ("1.234,5", "1234.5"), ("1.5", "1.5"), ("1.200", "1200"),
                                             ("12.25", "12.25"), (2.5, "2.5"), (3, "3")])
def test_parse_decimal(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1,2,3", "NaN", "Infinity", "1e5", "1.2.3", "", "--1"])
def test_parse_decimal_refuses(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


NAMES = ["workforce", "returnees", "f1"]


@pytest.mark.parametrize("expression", [
    "returnees <= workforce", "f1 >= 0", "workforce - returnees >= 0 and not f1 > 10",
    "(returnees + f1) * 2 / 3 < workforce", "0 <= f1 <= workforce", "f1 >= 0.5 or -f1 < 0",
])
def test_safe_language_accepts(expression):
    compile_rule(expression, NAMES)


@pytest.mark.parametrize(("expression", "fragment"), [
    ("__import__('os')", "__import__('os')"),
    ("workforce.__class__ > 0", "workforce.__class__"),
    ("len(workforce) > 0", "len(workforce)"),
    ("workforce[0] > 0", "workforce[0]"),
    ("workforce ** 99 > 0", "workforce ** 99"),
    ("'a' < 'b'", "'a'"),
    ("(lambda: 1)() > 0", "lambda"),
    ("[f1 for f1 in workforce]", "[f1 for f1 in workforce]"),
    ("f1 in [1, 2]", "f1 in [1, 2]"),
    ("(x := 1) > 0", "x := 1"),
    ("True", "True"),
])
def test_safe_language_refuses(expression, fragment):
    with pytest.raises(ValidationError) as caught:
        compile_rule(expression, NAMES)
    assert fragment in caught.value.messages[0]


@pytest.mark.parametrize(("expression", "code"), [
    ("os > 1", "unknown_name"), ("workforce + 1", "not_condition"), ("f1 >=", "syntax"), ("", "empty"),
    ("f1 > " + "(" * 400 + "1" + ")" * 400, "syntax"),
])
def test_safe_language_errors(expression, code):
    with pytest.raises(ValidationError) as caught:
        compile_rule(expression, NAMES)
    assert caught.value.code in (code, "too_long", "too_deep")


def test_evaluate():
    tree, used = compile_rule("returnees + f1 <= workforce", NAMES)
    assert used == ["returnees", "f1", "workforce"]
    assert evaluate(tree, {"returnees": 3, "f1": 2, "workforce": 5}) is True
    assert evaluate(tree, {"returnees": 3, "f1": Decimal("2.5"), "workforce": 5}) is False
    assert evaluate(tree, {"returnees": 3, "workforce": 5}) is None
    tree, _used = compile_rule("workforce / f1 > 1", NAMES)
    assert evaluate(tree, {"workforce": 1, "f1": 0}) is None


def test_rule_is_refused_when_saved(draft_version):
    rule = CrossFieldRule(version=draft_version, expression="__import__('os').system('true') > 0")
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    assert "expression" in caught.value.message_dict


# --- English notation: with English active, commas group thousands and the dot is the decimal point.


@pytest.mark.parametrize(("text", "value"), [("1,200", 1200), ("1,234,567", 1234567), ("1200", 1200), (" 12 ", 12),
                                             ("-1,000", -1000), (7.0, 7)])
def test_parse_integer_in_english(text, value):
    with translation.override("en"):
        assert parse_integer(text) == value


@pytest.mark.parametrize("text", ["1.200", "1,5", "1,20", "12,34,567", "1.5", ""])
def test_parse_integer_in_english_refuses(text):
    with translation.override("en"), pytest.raises((ValueError, TypeError)):
        parse_integer(text)


@pytest.mark.parametrize(("text", "value"), [("1,200", "1200"), ("1,234.5", "1234.5"), ("1.5", "1.5"),
                                             ("1,234,567.25", "1234567.25"), ("0.75", "0.75"), (2.5, "2.5")])
def test_parse_decimal_in_english(text, value):
    with translation.override("en"):
        assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1,5", "1.234,5", "1,2,3", "1,20.5", "NaN", ""])
def test_parse_decimal_in_english_refuses(text):
    with translation.override("en"), pytest.raises(ValueError):
        parse_decimal(text)


def test_vietnamese_keeps_its_rules_for_the_same_text():
    with translation.override("vi"):
        assert parse_decimal("1,200") == Decimal("1.2")
        assert parse_decimal("1.234,5") == Decimal("1234.5")
        with pytest.raises(ValueError):
            parse_integer("1,200")


def test_english_user_submits_grouped_numbers(daily):
    with translation.override("en"):
        cleaned, errors = clean_values(daily, {**DAILY_OK, "workforce": "1,200", "workers_at_work": "1,100"})
    assert errors == {} and cleaned["workforce"] == 1200 and cleaned["workers_at_work"] == 1100
