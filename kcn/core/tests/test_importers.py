"""The import framework on its own: refusing bad files, reading, matching headers, all or nothing.

A toy importer (no domain) stands in for the real ones; files are real .xlsx, .csv and zips.
"""

import io
import unicodedata
import zipfile

import pytest
import xlsxwriter
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from kcn.core.choices import JobStatus
from kcn.core.importers import (
    Chunk,
    Column,
    ErrorList,
    Importer,
    ImportRefused,
    check_upload,
    decode_csv,
    header_key,
    match_columns,
    read_sheet,
    register_importer,
    run_import,
)
from kcn.core.models import ImportJob
from kcn.core.tasks import import_job_run

SAVED = []


@register_importer
class ToyImporter(Importer):
    """Code (required) and a quantity that must be a whole number."""

    kind = "tests.toy"
    columns = (Column("code", "Mã hàng", required=True), Column("quantity", "Số lượng", aliases=("sl",)))

    def prepare(self):
        self.rows = []

    def validate(self, chunk: Chunk, errors: ErrorList) -> None:
        for row, code, quantity in zip(chunk.rows, chunk.values["code"], chunk.values["quantity"], strict=True):
            if not code:
                errors.add(row=row, column="code", value=code, message="trống")
            if not quantity.isdigit():
                errors.add(row=row, column="quantity", value=quantity, message="không phải số")
            self.rows.append((row, code, quantity))

    def save(self, *, reason):
        SAVED.append((reason, list(self.rows)))
        return list(range(len(self.rows)))


@register_importer
class BrokenImporter(ToyImporter):
    kind = "tests.broken"

    def save(self, *, reason):
        raise RuntimeError("disk on fire")


@pytest.fixture(autouse=True)
def _clean(settings, tmp_path):
    SAVED.clear()
    settings.MEDIA_ROOT = tmp_path / "media"


def xlsx_bytes(rows, start_row=0, formulas=()):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet()
    for r, values in enumerate(rows, start=start_row):
        for c, value in enumerate(values or []):
            if value is not None:
                sheet.write(r, c, value)
    for r, c, formula in formulas:
        sheet.write_formula(r, c, formula)
    workbook.close()
    return buffer.getvalue()


def toy(data, name, user=None, job=None, progress=None):
    return run_import(importer=ToyImporter(user=user), file=io.BytesIO(data), file_name=name, job=job,
                      progress=progress)


# --- Headers


def test_header_key_ignores_case_diacritics_spaces_and_marks():
    assert header_key("Mã số thuế *") == header_key("MA SO THUE") == header_key("ma_so_thue") == "masothue"
    assert header_key("Đường") == "duong"


def test_columns_match_by_header_code_name_or_alias_and_report_missing_required():
    found, missing = match_columns(["STT", "SL", "MÃ HÀNG"], ToyImporter.columns)
    assert found == {"quantity": 1, "code": 2} and missing == []
    found, missing = match_columns(["code", "quantity"], ToyImporter.columns)
    assert found == {"code": 0, "quantity": 1}
    found, missing = match_columns(["Số lượng"], ToyImporter.columns)
    assert missing == ["Mã hàng"]


# --- Refusing files before reading them


class _HugeUpload:
    """Says it is 200 MB and fails if anyone reads it: the size must be checked first."""

    size = 200 * 1024 * 1024
    name = "lon.xlsx"

    def read(self, *args):
        raise AssertionError("the file was read")

    def seek(self, *args):
        raise AssertionError("the file was read")


def test_an_oversized_upload_is_refused_without_reading_it():
    with pytest.raises(ImportRefused, match="Tệp quá lớn"):
        check_upload(file=_HugeUpload(), name="lon.xlsx")


def test_the_size_limit_comes_from_settings(settings):
    settings.KCN_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ImportRefused, match="Dung lượng tối đa là 100"):
        check_upload(file=io.BytesIO(b"a,b\n" * 50), name="x.csv")


@pytest.mark.parametrize("name", ["bao-cao.pdf", "so-lieu.xls", "khong-duoi", "anh.xlsx.png"])
def test_only_xlsx_and_csv_are_accepted(name):
    with pytest.raises(ImportRefused, match="Chỉ nhận tệp .xlsx"):
        check_upload(file=io.BytesIO(b"a,b\n"), name=name)


@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",  # a PDF renamed .xlsx
    "Mã hàng,Số lượng\nA,1\n".encode(),                                       # a text file renamed .xlsx
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,                      # an old .xls renamed
])
def test_a_file_that_is_not_really_xlsx_is_refused(content):
    with pytest.raises(ImportRefused, match="không phải tệp Excel .xlsx thật"):
        check_upload(file=io.BytesIO(content), name="doanh-nghiep.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    with pytest.raises(ImportRefused, match="không phải tệp Excel .xlsx thật"):
        check_upload(file=buffer, name="doanh-nghiep.xlsx")


@pytest.mark.parametrize("content", [xlsx_bytes([["a"]]), b"%PDF-1.4 ...", b"a,b\n\x00\x00"])
def test_binary_content_named_csv_is_refused(content):
    with pytest.raises(ImportRefused, match="không phải tệp văn bản CSV"):
        check_upload(file=io.BytesIO(content), name="doanh-nghiep.csv")


def _bomb(member_bytes, ratio_friendly=False):
    """An .xlsx-looking zip with one huge, highly compressible sheet, written in 1 MB pieces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            piece = (bytes(range(256)) * 4096) if ratio_friendly else b"\x00" * (1024 * 1024)
            for _ in range(member_bytes // len(piece)):
                sheet.write(piece)
    return buffer


def test_a_decompression_bomb_is_refused_by_its_ratio():
    bomb = _bomb(64 * 1024 * 1024)  # 64 MB of zeros: a few dozen KB compressed
    assert len(bomb.getvalue()) < 1024 * 1024
    with pytest.raises(ImportRefused, match="giải nén lớn bất thường"):
        check_upload(file=bomb, name="bom.xlsx")


def test_a_decompression_bomb_is_refused_by_its_total_size(settings):
    settings.KCN_MAX_UNCOMPRESSED_BYTES = 4 * 1024 * 1024
    settings.KCN_MAX_COMPRESSION_RATIO = 10**9
    with pytest.raises(ImportRefused, match="giải nén lớn bất thường"):
        check_upload(file=_bomb(8 * 1024 * 1024), name="bom.xlsx")


# --- Reading


def test_csv_in_windows_1258_is_decoded_to_nfc():
    # As Excel writes cp1258: "ệ" is "ê" then a combining dot below (0xF2), "ì" is "i" then a
    # combining grave (0xCC); "à" has a precomposed byte (0xE0).
    data = b"Vi\xea\xf2t Nam,Ho\xe0 Bi\xccnh\n"
    text = decode_csv(data, "x.csv")
    assert text == "Việt Nam,Hoà Bình\n"
    assert text == unicodedata.normalize("NFC", text) and len(text.split(",")[0]) == len("Việt Nam")


def test_csv_with_and_without_byte_order_mark():
    assert decode_csv("\ufeffMã hàng\n".encode(), "x.csv") == "Mã hàng\n"
    assert decode_csv("Mã hàng\n".encode(), "x.csv") == "Mã hàng\n"


def test_a_real_formula_cell_is_found_in_the_sheet_xml():
    data = xlsx_bytes([["Mã hàng", "Số lượng"], ["A", 1]], formulas=[(2, 0, '=HYPERLINK("http://x","A")')])
    sheet = read_sheet(file=io.BytesIO(data), name="x.xlsx")
    assert sheet.formulas == [(3, 0, '=HYPERLINK("http://x","A")')]
    # calamine only sees the cached value.
    assert sheet.rows[2][0] in (0, 0.0, "")


# --- Running


def test_a_clean_file_is_saved_once_with_excel_row_numbers_and_blank_rows_skipped(db):
    data = xlsx_bytes([None, ["Mã hàng", "Số lượng", "Ghi chú"], ["A", 1, "x"], [None, None, "ghi chú"],
                       ["B", 2.0]], start_row=0)
    result = toy(data, "hang.xlsx")
    assert result.ok and result.created == 2 and result.total_rows == 3
    reason, rows = SAVED[0]
    assert reason == "Nhập từ tệp hang.xlsx"
    assert rows == [(3, "A", "1"), (5, "B", "2")]


def test_any_error_saves_nothing_and_lists_every_error_in_order():
    data = "Mã hàng;Số lượng\nA;1\n;x\nC;-\nD;=1+1\n".encode("utf-8-sig")
    result = toy(data, "hang.csv")
    assert not result.ok and SAVED == []
    assert [(e["row"], e["column"], e["value"]) for e in result.errors.stored()] == [
        (3, "Mã hàng", ""), (3, "Số lượng", "x"), (4, "Số lượng", "-"), (5, "Số lượng", "=1+1")]
    assert "công thức" in result.errors.stored()[3]["message"]


def test_stored_errors_are_capped_with_a_count_of_the_rest():
    rows = "\n".join(f"A{i},x" for i in range(1200))
    result = toy(f"Mã hàng,Số lượng\n{rows}\n".encode(), "nhieu-loi.csv")
    stored = result.errors.stored()
    assert len(result.errors) == 1200 and len(stored) == 1001
    assert stored[-1]["row"] is None and stored[-1]["message"] == "… và 200 lỗi khác."
    assert result.message.startswith("Tệp có 1.200 lỗi")


def test_a_file_without_data_or_with_a_missing_column_is_refused_as_a_whole():
    assert "không có dữ liệu" in toy(b"Ma hang,So luong\n", "rong.csv").message
    result = toy("Số lượng\n1\n".encode(), "thieu.csv")
    assert [e["message"] for e in result.errors.stored()] == [
        "Thiếu cột bắt buộc: Mã hàng. Hãy dùng dòng tiêu đề của tệp mẫu."]


def test_progress_reaches_the_job_and_the_callback(db):
    user = get_user_model().objects.create_user("nguoinhap")
    job = ImportJob.objects.create(kind=ToyImporter.kind, file_name="hang.csv", created_by=user)
    seen = []
    rows = "\n".join(f"A{i},{i}" for i in range(2500))
    result = toy(f"Mã hàng,Số lượng\n{rows}\n".encode(), "hang.csv", user=user, job=job,
                 progress=lambda done, total: seen.append((done, total)))
    assert result.ok
    assert seen[:3] == [(1000, 2500), (2000, 2500), (2500, 2500)]
    job.refresh_from_db()
    assert (job.total_rows, job.processed_rows, job.status) == (2500, 2500, JobStatus.RUNNING)


def _job(kind, content, name):
    user = get_user_model().objects.get_or_create(username="nguoinhap")[0]
    job = ImportJob(kind=kind, file_name=name, created_by=user)
    job.file.save(name, ContentFile(content), save=False)
    job.save()
    return job


def test_the_task_runs_a_job_to_done(db):
    job = _job(ToyImporter.kind, "Mã hàng,Số lượng\nA,1\nB,2\n".encode(), "hang.csv")
    import_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_rows, job.processed_rows, job.errors) == (JobStatus.DONE, 2, 2, [])
    assert job.message == "Đã thêm 2 dòng." and job.finished_at is not None


def test_the_task_records_a_refused_file_and_a_crash_as_failed(db):
    job = _job(ToyImporter.kind, b"%PDF-1.4", "hang.xlsx")
    import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "không phải tệp Excel .xlsx thật" in job.message
    crash = _job(BrokenImporter.kind, "Mã hàng,Số lượng\nA,1\n".encode(), "hang.csv")
    import_job_run(crash.pk)
    crash.refresh_from_db()
    assert crash.status == JobStatus.FAILED and crash.message.startswith("Lỗi hệ thống")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the side connection serves PostgreSQL's COPY import")
def test_progress_during_the_data_transaction_is_visible_to_other_connections(transactional_db):
    from kcn.core.importers import _Progress

    user = get_user_model().objects.create_user("nguoinhap")
    job = ImportJob.objects.create(kind=ToyImporter.kind, file_name="hang.csv", created_by=user)
    tracker = _Progress(job, None)
    tracker.open_side()
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with transaction.atomic():
            tracker.rows(1000, 5000, force=True)
            # A page's connection sees the progress while the data transaction is still open.
            with reader.cursor() as cursor:
                cursor.execute("SELECT processed_rows FROM core_importjob WHERE id = %s", [job.pk])
                assert cursor.fetchone()[0] == 1000
    finally:
        tracker.close_side()
        reader.close()


def _lying_xlsx(actual_bytes):
    """A real workbook whose sheet claims to be 1,000 bytes but inflates to ``actual_bytes``."""
    import struct

    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Mã hàng"], ["A"]])))
    buffer = io.BytesIO()
    sheet_name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in good.infolist():
            data = good.read(info)
            if info.filename == sheet_name:
                data = data.replace(b"</sheetData>", b"</sheetData>" + b" " * actual_bytes)
            archive.writestr(info.filename, data)
    raw = bytearray(buffer.getvalue())
    name = sheet_name.encode()
    for signature, size_at, name_at, length_at in ((b"PK\x03\x04", 22, 30, 26), (b"PK\x01\x02", 24, 46, 28)):
        position = raw.find(signature)
        while position != -1:
            length = struct.unpack("<H", raw[position + length_at:position + length_at + 2])[0]
            if raw[position + name_at:position + name_at + length] == name:
                raw[position + size_at:position + size_at + 4] = struct.pack("<I", 1000)
            position = raw.find(signature, position + 4)
    return bytes(raw)


def test_a_zip_that_lies_about_its_sizes_is_refused_while_reading():
    data = _lying_xlsx(5 * 1024 * 1024)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    check_upload(file=io.BytesIO(data), name="noi-doi.xlsx")  # the table of contents looks harmless
    with pytest.raises(ImportRefused, match="Không đọc được nội dung tệp Excel"):
        read_sheet(file=io.BytesIO(data), name="noi-doi.xlsx")


def test_the_garbage_collector_is_back_when_the_last_upload_ends():
    import gc

    from kcn.core.importers import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # a second upload in another thread
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
