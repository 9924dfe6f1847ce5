import io

import openpyxl
import pytest
from django.urls import reverse

from kcn.core.exporters import ExportColumn, csv_response, escape_csv_cell, xlsx_bytes
from kcn.registry.models import Enterprise

DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+84912345678", "-1+1", "@SUM(A1)", "\tcmd"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_cells_that_could_run_as_formulas_are_escaped(text):
    assert escape_csv_cell(text) == "'" + text


def test_plain_cells_are_untouched():
    assert escape_csv_cell("Công ty TNHH Đồng Văn") == "Công ty TNHH Đồng Văn"
    assert escape_csv_cell(12) == 12


def test_xlsx_writes_formula_lookalikes_as_text_cells():
    columns = [ExportColumn("Tên", lambda row: row)]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(columns, DANGEROUS)))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == DANGEROUS
    assert {cell.data_type for cell in cells} == {"s"}  # strings, never "f" (formula)


def test_csv_has_a_bom_so_excel_reads_vietnamese():
    response = csv_response([ExportColumn("Tên", lambda row: row)], ["Đồng Văn"], "x")
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    assert "Đồng Văn".encode() in body


def test_exported_list_escapes_a_name_typed_as_a_formula(demo, login, user_named):
    enterprise = Enterprise.objects.filter(zone__code="HNA-CS").first()
    Enterprise.objects.filter(pk=enterprise.pk).update(name="=1+2")
    client = login("canbo")
    response = client.get(reverse("registry:enterprise_list"), {"export": "csv", "q": enterprise.tax_code})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=1+2" in text
    response = client.get(reverse("registry:enterprise_list"), {"export": "xlsx", "q": enterprise.tax_code})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=2)
    assert (cell.value, cell.data_type) == ("=1+2", "s")


def test_export_keeps_the_filters_and_sort_of_the_list(demo, login):
    client = login("lanhdao")
    response = client.get(reverse("registry:enterprise_list"),
                          {"export": "xlsx", "zone": Enterprise.objects.first().zone_id, "sort": "-workforce"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    zone_codes = {row[3] for row in rows}
    workforces = [row[7] for row in rows]
    assert len(zone_codes) == 1
    assert workforces == sorted(workforces, reverse=True)
