import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kcn.registry.validators import (
    normalize_tax_code,
    tax_code_check_digit,
    tax_code_error,
    validate_phone,
    validate_tax_code,
)


@pytest.mark.parametrize("code", ["0100109106", "0100109106-001", "0100109106-999"])
def test_known_valid_tax_codes(code):
    # 0100109106 is Viettel's published tax code.
    assert tax_code_error(code) is None
    validate_tax_code(code)


@pytest.mark.parametrize("code,fragment", [
    ("0100109107", "chữ số kiểm tra"),
    ("010010910", "10 chữ số"),
    ("01001091061", "10 chữ số"),
    ("0100109106-000", "chi nhánh"),
    ("01001O9106", "10 chữ số"),
    ("", "10 chữ số"),
])
def test_invalid_tax_codes_say_why(code, fragment):
    assert fragment in tax_code_error(code)


def test_branch_suffix_is_normalised():
    assert normalize_tax_code("0100109106001") == "0100109106-001"
    assert normalize_tax_code(" 0100.109.106 ") == "0100109106"
    with pytest.raises(ValidationError):
        validate_tax_code("0100109106001")  # stored only in canonical form


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_is_valid(nine):
    check = tax_code_check_digit(nine)
    valid = [d for d in range(10) if tax_code_error(f"{nine}{d}") is None]
    assert valid == ([] if check is None else [check])


@pytest.mark.parametrize("phone", ["0226 385 2775", "0912345678", "+84912345678", "02263852775"])
def test_valid_phones(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["abc", "12345", "0912-345-678-999-1", "+1 415 555 0100"])
def test_invalid_phones(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)


@pytest.mark.parametrize("name,current,old", [
    ("Hà Nam", "Ninh Bình", "Hà Nam"), ("tỉnh ha nam", "Ninh Bình", "Hà Nam"), ("Ninh Bình", "Ninh Bình", None),
    ("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh", None), ("Bình Dương", "Thành phố Hồ Chí Minh", "Bình Dương"),
    ("Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh", "Bà Rịa - Vũng Tàu"), ("Atlantis", None, None),
])
def test_old_and_new_province_names_resolve_to_the_current_province(db, name, current, old):
    from kcn.registry.selectors import province_named

    province, legacy = province_named(name)
    assert (province.name if province else None, legacy.name if legacy else None) == (current, old)
