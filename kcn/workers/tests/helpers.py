"""Building worker files for tests: valid identity numbers, .xlsx and .csv in the template's shape."""

import io

import openpyxl

from kcn.workers.importers import COLUMNS

HEADERS = [str(column.header) for column in COLUMNS]


def cccd(serial: int, *, year: int = 1995, female: bool = False, province: str = "035") -> str:
    century = (0 if year < 2000 else 2) + (1 if female else 0)
    return f"{province}{century}{year % 100:02d}{serial:06d}"


def person(serial, **overrides):
    female = overrides.pop("female", serial % 2 == 1)
    year = overrides.pop("year", 1990 + serial % 10)
    row = {
        "identity_number": cccd(serial, year=year, female=female),
        "full_name": f"Nguyễn Văn {serial}" if not female else f"Trần Thị {serial}",
        "date_of_birth": f"15/06/{year}",
        "sex": "Nữ" if female else "Nam",
        "phone": f"09{serial:08d}",
        "residence": "Thôn 3, xã Thanh Hà, huyện Thanh Liêm, tỉnh Hà Nam",
        "workshop": "Xưởng may 1",
        "production_line": f"Chuyền {serial % 3 + 1}",
        "team": f"Tổ {serial % 4 + 1}",
        "shift": f"Ca {serial % 2 + 1}",
        "dormitory": "KTX Đồng Văn",
        "room": f"A{serial % 5 + 101}",
        "bus_route": "Tuyến 1",
        "vaccine_doses": "2",
    }
    row.update(overrides)
    return row


def xlsx_file(people, *, tax_code=None, extra=None):
    """An .xlsx like the template: an optional tax-code line, the header, one row per person."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if tax_code is not None:
        sheet.append(["Mã số thuế", tax_code])
    sheet.append(HEADERS)
    for row in people:
        if row is None:
            sheet.append([])
        else:
            sheet.append([row.get(column.name, "") for column in COLUMNS])
    if extra:
        extra(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "nguoi-lao-dong.xlsx"
    return buffer


def csv_file(people):
    lines = [",".join(HEADERS)]
    for row in people:
        lines.append(",".join(f'"{row.get(column.name, "")}"' for column in COLUMNS))
    buffer = io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))
    buffer.name = "nguoi-lao-dong.csv"
    return buffer


def xlsx_inline_file(rows, *, name="nguoi-lao-dong.xlsx", cell=None):
    """An .xlsx with its texts in the cells (no shared strings), as xlsxwriter's constant-memory mode
    and many exports write it; ``rows`` are lists of cell values (None: an empty row).
    ``cell(workbook, sheet, row, col, value)`` may write a cell itself (a date, a formula) and return True."""
    import tempfile

    import xlsxwriter

    # Constant-memory mode writes to a file of its own (in memory it would share strings).
    directory = tempfile.TemporaryDirectory()
    path = f"{directory.name}/{name}"
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False,
                                          "strings_to_formulas": False})
    sheet = workbook.add_worksheet()
    for index, row in enumerate(rows):
        for col, value in enumerate(row or ()):
            if cell and cell(workbook, sheet, index, col, value):
                continue
            if value not in (None, ""):
                sheet.write(index, col, value)
    workbook.close()
    with open(path, "rb") as file, directory:
        buffer = io.BytesIO(file.read())
    buffer.name = name
    return buffer


def person_cells(row):
    return [row.get(column.name, "") for column in COLUMNS]
