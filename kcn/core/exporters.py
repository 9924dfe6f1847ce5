"""Excel and CSV out of any list, with formula injection neutralised.

A cell that starts with = + - @ (or a tab or carriage return) could run as a formula when a
user opens the file in Excel. In .xlsx every text is written as a typed string cell, which Excel
never evaluates; in .csv, which has no types, such text is prefixed with an apostrophe (OWASP).
"""

import csv
import datetime
import decimal
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[Any], Any]


def escape_csv_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return gettext("Có") if value else gettext("Không")
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_response(columns: list[ExportColumn], rows, filename: str) -> StreamingHttpResponse:
    """Stream a UTF-8 CSV with a byte-order mark, so that Excel reads the diacritics right."""
    writer = csv.writer(_Echo())

    def generate():
        yield "\ufeff"
        yield writer.writerow([column.header for column in columns])
        for row in rows:
            yield writer.writerow([escape_csv_cell(_plain(column.value(row))) for column in columns])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_bytes(columns: list[ExportColumn], rows, sheet_title: str = "Dữ liệu") -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True,
                                            "strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False})
    sheet = workbook.add_worksheet(sheet_title[:31])
    header = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.header, header)
        sheet.set_column(col, col, max(12, min(40, len(column.header) + 4)))
    for row_index, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            value = column.value(row)
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                sheet.write_string(row_index, col, gettext("Có") if value else gettext("Không"))
            elif isinstance(value, (int, float, decimal.Decimal)):
                sheet.write_number(row_index, col, float(value))
            elif isinstance(value, datetime.datetime):
                sheet.write_string(row_index, col, _plain(value))
            elif isinstance(value, datetime.date):
                sheet.write_datetime(row_index, col, datetime.datetime.combine(value, datetime.time()), date_format)
            else:
                sheet.write_string(row_index, col, str(value))
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def xlsx_response(columns: list[ExportColumn], rows, filename: str, sheet_title: str = "Dữ liệu") -> HttpResponse:
    response = HttpResponse(xlsx_bytes(columns, rows, sheet_title), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(fmt: str, columns, rows, filename: str, sheet_title: str = "Dữ liệu"):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{filename}-{stamp}"
    if fmt == "csv":
        return csv_response(columns, rows, name)
    return xlsx_response(columns, rows, name, sheet_title)
