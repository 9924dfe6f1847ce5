"""An enterprise uploads its worker list from the template, sees what was added and the list; a
second upload with one change and one removal shows both."""

import re

import openpyxl
from playwright.sync_api import expect

from kcn.workers.models import Worker

from .conftest import login_as

PEOPLE = [
    ["035195000101", "Nguyễn Thị Hoa", "12/03/1995", "Nữ", "0912000101",
     "Thôn 3, xã Thanh Hà, huyện Thanh Liêm, tỉnh Hà Nam", "Xưởng may 1", "Chuyền 5", "Tổ 2", "Ca 1", "KTX A",
     "A203", "", "3"],
    ["035092000102", "Trần Văn Nam", "01/07/1992", "Nam", "0912000102",
     "phường Đồng Văn, thị xã Duy Tiên, tỉnh Hà Nam", "Xưởng may 1", "Chuyền 5", "Tổ 2", "Ca 1", "", "",
     "Tuyến 1", "2"],
    ["035198000103", "Lê Thị Mai", "20/11/1998", "Nữ", "0912000103",
     "Xóm 2, phường Châu Sơn, tỉnh Ninh Bình", "Xưởng may 2", "Chuyền 7", "Tổ 4", "Ca 2", "KTX B", "B110", "", "2"],
]


def _fill(template, target, people):
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    header_row = next(row[0].row for row in sheet.iter_rows() if str(row[0].value or "").startswith("Số CCCD"))
    for offset, person in enumerate(people, start=1):
        for col, value in enumerate(person, start=1):
            sheet.cell(row=header_row + offset, column=col, value=value)
    workbook.save(target)


def test_enterprise_uploads_its_worker_list(page, live_server, tmp_path):
    login_as(page, live_server, "doanhnghiep")
    page.goto("/workers/upload/")
    with page.expect_download() as download_info:
        page.click("#template-xlsx")
    template = tmp_path / "mau.xlsx"
    download_info.value.save_as(template)
    enterprise = Worker._meta.get_field("enterprise").related_model.objects.get(
        user_links__user__username="doanhnghiep")
    assert openpyxl.load_workbook(template).worksheets[0]["B1"].value == enterprise.tax_code

    first = tmp_path / "lan-1.xlsx"
    _fill(template, first, PEOPLE)
    page.set_input_files("#id_file", str(first))
    page.click("#upload-button")
    expect(page).to_have_url(re.compile(r"/workers/imports/\d+/$"), timeout=30_000)
    expect(page.locator("#count-added")).to_have_text("3")
    expect(page.locator("#list-added")).to_contain_text("Nguyễn Thị Hoa")
    # Identity numbers are masked unless asked for.
    expect(page.locator("#list-added")).to_contain_text("0351******01")
    expect(page.locator("#list-added")).not_to_contain_text("035195000101")

    page.click("#to-list")
    expect(page.locator("#result-count")).to_contain_text("3")
    expect(page.locator("#object-list")).to_contain_text("Trần Văn Nam")
    expect(page.locator("#object-list")).to_contain_text("0350******02")
    page.click("#reveal-toggle")
    expect(page.locator("#object-list")).to_contain_text("035092000102")

    second = tmp_path / "lan-2.xlsx"
    changed = [list(p) for p in PEOPLE[:2]]
    changed[1][8] = "Tổ 9"  # Trần Văn Nam moves to another team; Lê Thị Mai has left.
    _fill(template, second, changed)
    page.goto("/workers/upload/")
    page.set_input_files("#id_file", str(second))
    page.click("#upload-button")
    expect(page).to_have_url(re.compile(r"/workers/imports/\d+/$"), timeout=30_000)
    expect(page.locator("#count-added")).to_have_text("0")
    expect(page.locator("#count-changed")).to_have_text("1")
    expect(page.locator("#count-removed")).to_have_text("1")
    expect(page.locator("#list-changed")).to_contain_text("Trần Văn Nam")
    expect(page.locator("#list-changed")).to_contain_text("tổ, nhóm")
    expect(page.locator("#list-removed")).to_contain_text("Lê Thị Mai")
    left = Worker.objects.get(identity_number="035198000103")
    assert left.left_on is not None
