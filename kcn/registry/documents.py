"""How a board names itself at the head of an official document (Decree 30/2020/NĐ-CP): the
issuing authority above its name and the abbreviation in document symbols (…/BC-BQLKCN)."""

import re

from .choices import DivisionType

DEFAULT_SYMBOL = "BQLKCN"


def issuing_authority(board) -> str:
    """The province's People's Committee: "UBND TỈNH NINH BÌNH", "UBND THÀNH PHỐ HÀ NỘI"."""
    province = board.province
    kind = "THÀNH PHỐ" if province.division_type == DivisionType.CITY else "TỈNH"
    name = re.sub(r"^(tỉnh|thành phố)\s+", "", province.name, flags=re.IGNORECASE)
    return f"UBND {kind} {name.upper()}"


def board_symbol(board) -> str:
    """The board's abbreviation in document symbols: the first word of its short name when that
    is an abbreviation ("BQLKCN Hà Nam" → "BQLKCN"), else the usual "BQLKCN"."""
    first = (board.short_name or "").split()[:1]
    if first and re.fullmatch(r"[A-ZĐ]{2,}", first[0]):
        return first[0]
    return DEFAULT_SYMBOL
