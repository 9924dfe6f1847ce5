"""Residence addresses into the administrative units in force since 1 July 2025.

Workers write their residence as they always have: "Thôn 3, xã Thanh Hà, huyện Thanh Liêm, tỉnh
Hà Nam" (commune, district, province). Since 1 July 2025 districts are gone and many communes and
provinces were merged; the `vietnam-address-converter` package maps the old units to the new.

The package takes milliseconds per address and seconds to build its index on first use, and a
worker list repeats the same few hundred communes thousands of times: the administrative part of
the address (from the commune onwards) is converted once per distinct text and the street part
(house number, hamlet) put back in front, so a 300,000-row list costs a few hundred conversions.
"""

import re
import threading
import unicodedata
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache

from kcn.core.text import search_key

# The first part of an address that names an administrative unit: the rest is the street part.
_UNIT_START = re.compile(r"(?:xã|phường|thị trấn|đặc khu|p\.|x\.|tt\.?)\s", re.I)
_MAX_CACHE = 200_000


@dataclass(frozen=True, slots=True)
class Residence:
    address: str  # in the current units (or as written when not recognised)
    original: str  # the text as written, when it was converted from the old units; else ""
    # The commune (cấp xã) since 1 July 2025 when recognised, as (province, commune) keys without
    # diacritics: the package numbers units differently from the registry's Commune table.
    commune_key: tuple[str, str] | None


_tails: dict[str, tuple[str, str | None, tuple[str, str] | None]] = {}
_full: dict[str, Residence] = {}
_lock = threading.Lock()


def unit_key(province: str, commune: str) -> tuple[str, str]:
    """('ninh binh', 'xa liem ha') for ('Tỉnh Ninh Bình', 'Xã Liêm Hà') and for ('Ninh Bình', 'xã Liêm Hà')."""
    province = search_key(province)
    for prefix in ("tinh ", "thanh pho "):
        if province.startswith(prefix):
            province = province[len(prefix):]
    return province, search_key(commune)


@lru_cache(maxsize=1)
def _old_units() -> dict[tuple[str, str, str], tuple[str, str]]:
    """(old province, district, ward) → (new ward, new province), from the package's own mapping
    table and with its own name normalisation. Building the package's converter object takes
    seconds (it indexes every unit for free text); this table takes milliseconds."""
    from vietnam_address_converter.data import DEFAULT_DATA

    table = {}
    for row in DEFAULT_DATA["mapping"]["rows"]:
        keys, new = row.get("keys") or {}, row.get("new") or {}
        key = (keys.get("old_province_name"), keys.get("old_district_name"), keys.get("old_ward_name"))
        if all(key) and new.get("ward_name") and new.get("province_name"):
            # An old commune split between new ones maps to the first, as the package's "first" option.
            table.setdefault(key, (new["ward_name"], new["province_name"]))
    return table


def _structured(parts: list[str]):
    """'ward, district, province' looked up in the old units' table: no text parsing."""
    from vietnam_address_converter.normalize import normalize_vietnamese_name

    key = (normalize_vietnamese_name(parts[2]), normalize_vietnamese_name(parts[1]),
           normalize_vietnamese_name(parts[0]))
    found = _old_units().get(key)
    if found is None:
        return None
    ward, province = (_title(name) for name in found)
    return f"{ward}, {province}", "old", unit_key(province, ward)


def _title(name: str) -> str:
    """'Thành Phố Hải Phòng' → 'Thành phố Hải Phòng', 'Đặc Khu Bạch Long Vĩ' → 'Đặc khu …'."""
    for prefix in ("Thành Phố ", "Thị Trấn ", "Đặc Khu ", "Thị Xã "):
        if name.startswith(prefix):
            return prefix[:-1].capitalize() + " " + name[len(prefix):]
    return name


def _convert_tail(tail: str, known: Container) -> tuple[str, str | None, tuple[str, str] | None]:
    """(converted text, "old"/"new"/None, new commune key) for the administrative part."""
    parts = [part for part in (p.strip() for p in tail.split(",")) if part]
    if len(parts) == 2 and unit_key(parts[1], parts[0]) in known:
        return tail, "new", unit_key(parts[1], parts[0])
    if len(parts) == 3:
        found = _structured(parts)
        if found is not None:
            return found
    from vietnam_address_converter import auto_convert_address

    try:
        result = auto_convert_address(tail)
    except Exception:  # the package raises on input it cannot parse; an unknown address is no error
        return tail, None, None
    kind = result.get("input_type")
    new = result.get("converted_new") or {}
    ward = new.get("ward") or {}
    province = new.get("province") or {}
    if kind is None or not ward.get("name_with_type") or not province.get("name_with_type"):
        return tail, None, None
    text = unicodedata.normalize("NFC", f"{ward['name_with_type']}, {province['name_with_type']}")
    return text, kind, unit_key(province["name_with_type"], ward["name_with_type"])


def convert(text: str, known: Container = frozenset()) -> Residence:
    """The residence for an address as written; memoised per distinct text (and per unit part).

    ``known``: the (province, commune) keys of the current units, to recognise an address already
    written in them without asking the package.
    """
    found = _full.get(text)
    if found is not None:
        return found
    if not text:
        return Residence("", "", None)
    parts = [part.strip() for part in text.split(",")]
    start = next((i for i, part in enumerate(parts) if _UNIT_START.match(part + " ")), 0)
    street, tail = ", ".join(p for p in parts[:start] if p), ", ".join(p for p in parts[start:] if p)
    converted = _tails.get(tail)
    if converted is None:
        converted = _convert_tail(tail, known)
        with _lock:
            if len(_tails) > _MAX_CACHE:
                _tails.clear()
            _tails[tail] = converted
    new_text, kind, key = converted
    if kind == "old":
        result = Residence(f"{street}, {new_text}" if street else new_text, text, key)
    else:
        # Already in the current units (or unknown): keep the worker's own wording.
        result = Residence(text, "", key)
    with _lock:
        if len(_full) > _MAX_CACHE:
            _full.clear()
        _full[text] = result
    return result


def warm_up() -> None:
    """Build the package's text index now (seconds), rather than inside the first free-form address."""
    from vietnam_address_converter import auto_convert_address

    auto_convert_address("xã Thanh Hà, huyện Thanh Liêm, tỉnh Hà Nam")
