"""The rules of a worker's fields: the 12-digit CCCD, dates, phones, masking, addresses."""

import datetime

import pytest

from kcn.workers import addresses
from kcn.workers.validators import (
    birth_date_error,
    cccd_error,
    mask_identity,
    mask_phone,
    normalize_phone,
    parse_date,
    parse_sex,
)


@pytest.mark.parametrize(("number", "birth", "sex", "ok"), [
    ("001095001234", None, "", True),  # Hà Nội, male born 1900s
    ("035195001234", datetime.date(1995, 3, 1), "female", True),
    ("096305001234", datetime.date(2005, 1, 1), "female", True),  # Cà Mau, female born 2000s
    ("035095001234", datetime.date(1996, 3, 1), "", False),  # year digits 95 ≠ 1996
    ("035295001234", datetime.date(1995, 3, 1), "", False),  # century 2000s ≠ 1995
    ("035095001234", None, "female", False),  # 0 = male
    ("003095001234", None, "", False),  # 003 was never a province code
    ("097095001234", None, "", False),  # above 096
    ("035495001234", None, "", False),  # born 2100s
    ("03509500123", None, "", False),
    ("03509500123a", None, "", False),
])
def test_cccd(number, birth, sex, ok):
    assert (cccd_error(number, date_of_birth=birth, sex=sex) is None) is ok


def test_dates_and_ages():
    today = datetime.date(2026, 11, 22)
    assert parse_date("05/01/1990") == datetime.date(1990, 1, 5)
    assert parse_date("1990-01-05") == datetime.date(1990, 1, 5)
    assert parse_date("31/02/1990") is None
    assert birth_date_error(datetime.date(2027, 1, 1), today)
    assert birth_date_error(datetime.date(2012, 1, 1), today)  # 14
    assert birth_date_error(datetime.date(1940, 1, 1), today)  # 86
    assert birth_date_error(datetime.date(1990, 1, 1), today) is None


def test_phones_sex_and_masks():
    assert normalize_phone("+84 912.345.678") == "0912345678"
    assert parse_sex("Nữ") == "female" and parse_sex("nam") == "male" and parse_sex("?") is None
    assert mask_identity("001095001289") == "0010******89"
    assert mask_phone("0912345621") == "09******21"


def test_address_conversion_keeps_the_street_and_the_original():
    residence = addresses.convert("Thôn 3, xã Thanh Hà, huyện Thanh Liêm, tỉnh Hà Nam")
    assert residence.address == "Thôn 3, Xã Liêm Hà, Tỉnh Ninh Bình"
    assert residence.original == "Thôn 3, xã Thanh Hà, huyện Thanh Liêm, tỉnh Hà Nam"
    assert residence.commune_key == ("ninh binh", "xa liem ha")
    # Already in the current units: kept as written.
    current = addresses.convert("Xóm 2, phường Châu Sơn, tỉnh Ninh Bình", {("ninh binh", "phuong chau son")})
    assert current.address == "Xóm 2, phường Châu Sơn, tỉnh Ninh Bình" and current.original == ""
