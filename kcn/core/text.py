import unicodedata


def _fold_table():
    """Latin letters with diacritics → their base letter; combining marks → nothing."""
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn")
        if base and base != char:
            table[code] = base.lower()
    for code in range(0x0300, 0x0370):
        table[code] = None
    return table


_FOLD = _fold_table()


def search_key(*parts) -> str:
    """Lowercase text without diacritics, so that "dong van" finds "Đồng Văn".

    Vietnamese users often type without tone marks (phones, foreign keyboards); searching a
    column of such keys with LIKE needs no special index and behaves the same on SQLite and
    PostgreSQL. str.translate with a prepared table keeps this cheap enough for a 50,000-row import.
    """
    text = " ".join([part for part in parts if part]).lower().translate(_FOLD)
    return " ".join(text.split()) if "  " in text or "\t" in text or "\n" in text else text.strip()
