"""An officer imports enterprises from the Excel template; a file with errors saves nothing and says why."""

import re

import openpyxl
import xlsxwriter
from openpyxl.utils import get_column_letter
from playwright.sync_api import expect

from kcn.registry.choices import EnterpriseStatus, Sector
from kcn.registry.models import Enterprise
from kcn.registry.validators import tax_code_check_digit

from .conftest import login_as


def _fresh_tax_codes(count):
    """Valid tax codes that no demo enterprise has (the demo's start with 07)."""
    codes = []
    for serial in range(100):
        first_nine = f"0888888{serial:02d}"
        check = tax_code_check_digit(first_nine)
        if check is not None:
            codes.append(first_nine + str(check))
        if len(codes) == count:
            return codes
    raise AssertionError("not enough valid tax codes")


def _template_header(path):
    """(row number, header texts) of the template's header row: the row that names the tax code."""
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        texts = ["" if value is None else str(value).strip() for value in row]
        if any("mã số thuế" in text.lower() for text in texts):
            return number, texts
    raise AssertionError("the import template has no header row naming the tax code (Mã số thuế)")


def _field_of(header):
    """Which enterprise field a template column takes, read from its Vietnamese header."""
    text = header.lower().replace("*", "").strip()
    if "mã số thuế" in text:
        return "tax_code"
    if "mã kcn" in text or "mã khu công nghiệp" in text:
        return "zone"
    if "tên nước ngoài" in text:
        return "foreign_name"
    if "tên doanh nghiệp" in text:
        return "name"
    if "ngành" in text:
        return "sector"
    if "quốc gia" in text:
        return "investor_country"
    if "lao động" in text:
        return "workforce"
    if "đại diện" in text:
        return "legal_representative"
    if "trạng thái" in text:
        return "status"
    if "khu công nghiệp" in text:
        return "zone_name"
    return None


def _write_rows(path, header_row, headers, rows):
    """An .xlsx with the template's header (at the template's row) followed by ``rows`` (dicts by field)."""
    fields = [_field_of(header) for header in headers]
    assert "tax_code" in fields and ("zone" in fields or "zone_name" in fields), headers
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet()
    for col, header in enumerate(headers):
        sheet.write_string(header_row - 1, col, header)
    for offset, values in enumerate(rows, start=1):
        for col, field in enumerate(fields):
            value = values.get(field)
            if field == "zone" or (field == "zone_name" and "zone" not in fields):
                value = values["zone"]
            if value is None:
                continue
            if isinstance(value, int):
                sheet.write_number(header_row - 1 + offset, col, value)
            else:
                sheet.write_string(header_row - 1 + offset, col, str(value))
    workbook.close()
    return {field: (headers[index], index) for index, field in enumerate(fields) if field}


def _names_column(cell, column):
    """The error table names a column by its header (without the required mark) or its letter."""
    header, index = column
    letter = get_column_letter(index + 1)
    return header.replace("*", "").strip() in cell or cell.strip() == letter


def test_import_with_errors_reports_each_row_and_saves_nothing(page, live_server, tmp_path):
    # Depends on the enterprise import page (kcn/registry/views_import.py and
    # registry/enterprise_import.html) built in parallel: #id_file, #upload-button, the template
    # link, and the job page /jobs/<id>/ with #job-status and #import-errors.
    before = Enterprise.objects.count()
    valid, out_of_scope_code, unknown_zone_code, good_code = _fresh_tax_codes(4)
    bad_check = valid[:9] + str((int(valid[9]) + 1) % 10)
    login_as(page, live_server, "canbo")

    page.goto("/registry/enterprises/import/")
    with page.expect_download() as download_info:
        page.locator("a[href$='/import/template.xlsx']").first.click()
    template = tmp_path / "mau.xlsx"
    download_info.value.save_as(template)
    header_row, headers = _template_header(template)

    good = {"name": "Công ty TNHH Kiểm thử Nhập liệu", "sector": Sector.C26.value, "investor_country": "VN",
            "workforce": 120, "legal_representative": "Nguyễn Văn An",
            "status": str(EnterpriseStatus.OPERATING.label)}
    rows = [
        {**good, "tax_code": bad_check, "zone": "HNA-CS", "name": "Công ty TNHH Sai Chữ Số"},
        {**good, "tax_code": out_of_scope_code, "zone": "HNA-DV2", "name": "Công ty TNHH Ngoài"},
        {**good, "tax_code": unknown_zone_code, "zone": "HNA-ZZ9", "name": "Công ty TNHH Lạ"},
        {**good, "tax_code": good_code, "zone": "HNA-CS"},
    ]
    upload = tmp_path / "doanh-nghiep.xlsx"
    header_of = _write_rows(upload, header_row, headers, rows)
    bad_tax_row, out_of_scope_row, unknown_zone_row, good_row = (header_row + n for n in range(1, 5))

    page.set_input_files("#id_file", str(upload))
    page.click("#upload-button")

    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.locator("#job-status")).to_have_attribute("data-status", "failed", timeout=30_000)
    errors = page.locator("#import-errors")
    expect(errors).to_be_visible()
    by_row = {}
    for row in errors.locator("tbody tr").all():
        cells = [text.strip() for text in row.locator("td").all_inner_texts()]
        by_row.setdefault(cells[0], []).append({"column": cells[1], "value": cells[2], "reason": cells[3]})

    assert str(bad_tax_row) in by_row, by_row
    assert any(_names_column(e["column"], header_of["tax_code"]) and "chữ số kiểm tra" in e["reason"]
               for e in by_row[str(bad_tax_row)]), by_row
    zone_header = header_of.get("zone") or header_of["zone_name"]
    assert str(out_of_scope_row) in by_row, by_row
    out_of_scope = [e for e in by_row[str(out_of_scope_row)] if _names_column(e["column"], zone_header)]
    assert out_of_scope, by_row
    assert re.search(r"(?i)không tìm thấy|không tồn tại|không có", out_of_scope[0]["reason"]), out_of_scope
    # A zone outside the officer's scope is reported exactly like a zone that does not exist.
    unknown = [e for e in by_row[str(unknown_zone_row)] if _names_column(e["column"], zone_header)]
    assert unknown, by_row
    assert (out_of_scope[0]["reason"].replace("HNA-DV2", "…")
            == unknown[0]["reason"].replace("HNA-ZZ9", "…"))
    assert str(good_row) not in by_row, by_row
    expect(errors.locator("thead")).to_contain_text("Lý do")
    expect(page.locator("#import-errors")).not_to_contain_text("KCN Đồng Văn II")

    # One bad row fails the whole file: not even the good row is saved.
    assert Enterprise.objects.count() == before
    assert not Enterprise.objects.filter(tax_code=rows[3]["tax_code"]).exists()
