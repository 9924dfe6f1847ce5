"""Uploading an enterprise's worker list: what is saved, what is refused and why."""

import datetime
import itertools

import pytest

from kcn.workers.models import Worker, WorkerImport
from kcn.workers.services import worker_import

from .helpers import csv_file, person, xlsx_file

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def enterprise(objects):
    return objects["ent_dv2"]


def _upload(user, enterprise, file, **kwargs):
    return worker_import(user=user, enterprise=enterprise, file=file, file_name=file.name, today=TODAY, **kwargs)


def test_first_upload_adds_everyone_with_converted_address(user_named, enterprise):
    report = _upload(user_named("doanhnghiep"), enterprise, xlsx_file([person(1), person(2)],
                                                                       tax_code=enterprise.tax_code))
    assert report.ok, (report.message, report.errors.stored())
    assert (report.added, report.changed, report.removed, report.unchanged) == (2, 0, 0, 0)
    worker = Worker.objects.get(enterprise=enterprise, identity_number=person(1)["identity_number"])
    assert worker.residence_original == "Thôn 3, xã Thanh Hà, huyện Thanh Liêm, tỉnh Hà Nam"
    assert worker.residence_address == "Thôn 3, Xã Liêm Hà, Tỉnh Ninh Bình"
    assert worker.residence_commune.name == "Xã Liêm Hà"
    assert worker.date_of_birth == datetime.date(1991, 6, 15)
    assert worker.sex == "female"
    assert worker.vaccine_doses == 2
    assert worker.search_text == "tran thi 1"
    assert worker.created_at == worker.updated_at <= WorkerImport.objects.get().created_at
    assert WorkerImport.objects.get().added == 2


def test_reupload_reports_changes_removals_and_returns(user_named, enterprise):
    user = user_named("doanhnghiep")
    _upload(user, enterprise, xlsx_file([person(1), person(2), person(3)]))
    report = _upload(user, enterprise, xlsx_file([person(1), person(2, team="Tổ 9"), person(4)]))
    assert report.ok
    assert (report.added, report.changed, report.removed, report.unchanged) == (1, 1, 1, 1)
    assert report.details["changed"][0]["fields"] == ["tổ, nhóm"]
    assert report.details["removed"][0]["identity_number"] == person(3)["identity_number"]
    left = Worker.objects.get(identity_number=person(3)["identity_number"])
    assert left.left_on == TODAY
    # The worker comes back: left_on is cleared and it counts as a change.
    report = _upload(user, enterprise, xlsx_file([person(1), person(2, team="Tổ 9"), person(3), person(4)]))
    assert (report.added, report.changed, report.removed, report.unchanged) == (0, 1, 0, 3)
    left.refresh_from_db()
    assert left.left_on is None


def test_identical_reupload_changes_nothing(user_named, enterprise):
    user = user_named("doanhnghiep")
    _upload(user, enterprise, xlsx_file([person(1), person(2)]))
    before = list(Worker.objects.values_list("pk", "updated_at"))
    report = _upload(user, enterprise, xlsx_file([person(1), person(2)]))
    assert (report.added, report.changed, report.removed, report.unchanged) == (0, 0, 0, 2)
    assert list(Worker.objects.values_list("pk", "updated_at")) == before


def test_csv_without_tax_code_is_accepted(user_named, enterprise):
    report = _upload(user_named("doanhnghiep"), enterprise, csv_file([person(1), person(5)]))
    assert report.ok, report.errors.stored()
    assert Worker.objects.filter(enterprise=enterprise).count() == 2


def test_list_of_another_enterprise_is_refused(user_named, enterprise, objects):
    report = _upload(user_named("doanhnghiep"), enterprise, xlsx_file([person(1)], tax_code=objects["ent_cs"].tax_code))
    assert not report.ok
    assert objects["ent_cs"].tax_code in report.message
    assert not Worker.objects.exists()


@pytest.mark.parametrize(("override", "column", "reason"), [
    ({"identity_number": "12345"}, "Số CCCD", "12 chữ số"),
    ({"identity_number": "003095000001"}, "Số CCCD", "mã tỉnh"),
    ({"identity_number": "035595000001"}, "Số CCCD", "thế kỷ"),
    ({"identity_number": "035088000001", "date_of_birth": "15/06/1995"}, "Số CCCD", "năm sinh"),
    ({"date_of_birth": "15/06/2030"}, "Ngày sinh", "tương lai"),
    ({"date_of_birth": "31/02/1990"}, "Ngày sinh", "dd/mm/yyyy"),
    ({"date_of_birth": "15/06/2016", "year": 2016}, "Ngày sinh", "Tuổi"),
    ({"sex": "Không rõ"}, "Giới tính", "Nam"),
    ({"phone": "12345"}, "Điện thoại", "điện thoại"),
    ({"vaccine_doses": "hai"}, "Số mũi vắc-xin", "số nguyên"),
    ({"full_name": ""}, "Họ và tên", "Thiếu"),
])
def test_a_bad_cell_saves_nothing_and_says_where(user_named, enterprise, override, column, reason):
    report = _upload(user_named("doanhnghiep"), enterprise, xlsx_file([person(1), person(2, **override)]))
    assert not report.ok
    errors = report.errors.stored()
    assert errors[0]["row"] == 3 and errors[0]["column"] == column, errors
    assert reason in errors[0]["message"]
    assert not Worker.objects.exists() and not WorkerImport.objects.exists()


def test_sex_inconsistent_with_identity_number_is_refused(user_named, enterprise):
    row = person(1)  # a woman
    row["sex"] = "Nam"
    report = _upload(user_named("doanhnghiep"), enterprise, xlsx_file([row]))
    assert "giới tính" in report.errors.stored()[0]["message"]


def test_duplicate_identity_in_file(user_named, enterprise):
    report = _upload(user_named("doanhnghiep"), enterprise, xlsx_file([person(1), person(2), person(1)]))
    assert not report.ok
    error = report.errors.stored()[0]
    assert error["row"] == 4 and "dòng 2" in error["message"]


def test_blank_rows_are_skipped_and_numbers_kept(user_named, enterprise):
    report = _upload(user_named("doanhnghiep"), enterprise, xlsx_file([person(1), None, None, person(2)]))
    assert report.ok and report.added == 2
    report = _upload(user_named("doanhnghiep"), enterprise, xlsx_file([person(1), None, person(2, phone="1")]))
    assert report.errors.stored()[0]["row"] == 4


def test_merged_cells_are_reported(user_named, enterprise):
    report = _upload(user_named("doanhnghiep"), enterprise,
                     xlsx_file([person(1), person(2)], extra=lambda sheet: sheet.merge_cells("G2:H3")))
    assert not report.ok
    error = report.errors.stored()[0]
    assert error["row"] == 2 and "G2:H3" in error["message"]


def test_leading_zeros_of_numeric_cells_are_restored(user_named, enterprise):
    row = person(7, identity_number=None)
    number = "001" + row["identity_number"][3:] if row["identity_number"] else "001195000007"
    row["identity_number"] = 1195000007  # "001195000007" typed as a number in Excel
    row["phone"] = 912345678
    row["year"] = 1995
    report = _upload(user_named("doanhnghiep"), enterprise,
                     xlsx_file([{**row, "date_of_birth": "15/06/1995", "sex": "Nữ"}]))
    assert report.ok, report.errors.stored()
    worker = Worker.objects.get()
    assert worker.identity_number == number
    assert worker.phone == "0912345678"


def test_too_many_rows_is_refused_before_parsing(user_named, enterprise, settings):
    settings.KCN_WORKERS_MAX_ROWS = 3
    report = _upload(user_named("doanhnghiep"), enterprise, xlsx_file([person(i) for i in range(1, 6)]))
    assert not report.ok
    assert "quá giới hạn" in report.message


def test_a_board_leader_may_not_upload(user_named, enterprise):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _upload(user_named("lanhdao"), enterprise, xlsx_file([person(1)]))


def test_an_enterprise_may_not_upload_for_another(user_named, objects):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _upload(user_named("doanhnghiep"), objects["ent_cs"], xlsx_file([person(1)]))


def test_department_uploads_for_an_enterprise_of_its_zones(user_named, objects):
    report = _upload(user_named("canbo"), objects["ent_cs"], xlsx_file([person(1)]))
    assert report.ok


def _with_dimension(file, ref):
    """The same workbook with its sheet's <dimension> claiming ``ref`` (as a 1,000,000-row export does)."""
    import io
    import re
    import zipfile

    source = zipfile.ZipFile(file)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+"', f'<dimension ref="{ref}"'.encode(), data)
            target.writestr(item, data)
    out.seek(0)
    out.name = "trieu-dong.xlsx"
    return out


def test_a_million_rows_is_refused_from_the_sheet_header(user_named, enterprise, monkeypatch):
    from python_calamine import CalamineWorkbook

    def never(*args, **kwargs):
        raise AssertionError("the sheet must not be parsed")

    monkeypatch.setattr(CalamineWorkbook, "from_filelike", never)
    report = _upload(user_named("doanhnghiep"), enterprise, _with_dimension(xlsx_file([person(1)]), "A1:N1000001"))
    assert not report.ok
    assert "1.000.000" in report.message and "quá giới hạn" in report.message


def test_blocks_are_all_or_nothing(user_named, enterprise, monkeypatch):
    """Rows are checked (and on PostgreSQL sent) block by block: an error in a later block, or a
    duplicate of a row in an earlier one, still saves nothing."""
    from kcn.workers import importers

    monkeypatch.setattr(importers, "BLOCK_ROWS", 2)
    user = user_named("doanhnghiep")
    report = _upload(user, enterprise, xlsx_file([person(1), person(2), person(3), person(4), person(1)]))
    assert not report.ok
    assert report.errors.stored()[0]["row"] == 6 and "dòng 2" in report.errors.stored()[0]["message"]
    report = _upload(user, enterprise, xlsx_file([person(1), person(2), person(3), person(4, phone="1")]))
    assert not report.ok and not Worker.objects.exists()
    report = _upload(user, enterprise, xlsx_file([person(1), None, person(2), person(3), person(4), person(5)]))
    assert report.ok and report.added == 5 and Worker.objects.count() == 5
    report = _upload(user, enterprise, xlsx_file([person(1), person(2, team="Tổ 9"), person(6)]))
    assert (report.added, report.changed, report.removed, report.unchanged) == (1, 1, 3, 1)


@pytest.mark.django_db
def test_column_checks_agree_with_the_cell_by_cell_rules():
    """Columns whose every cell is plainly right are checked whole; one odd cell sends the column
    through the cell-by-cell rules, which must give the other rows the same records."""
    from kcn.core.importers import ErrorList
    from kcn.workers import importers

    header = [str(column.header) for column in importers.COLUMNS]
    people = [person(serial) for serial in range(1, 6)]
    rows = [header] + [[row[column.name] for column in importers.COLUMNS] for row in people]
    odd = person(6, year=1995, female=True)
    odd_cells = [odd[column.name] for column in importers.COLUMNS]
    positions = {column.name: index for index, column in enumerate(importers.COLUMNS)}
    odd_cells[positions["identity_number"]] = float(odd["identity_number"])  # typed as a number
    odd_cells[positions["full_name"]] = "  Tra\u0302\u0300n Thi\u0323 Sáu\u00a0"  # decomposed, spaces around
    odd_cells[positions["phone"]] = "+84 912.345.678"
    odd_cells[positions["vaccine_doses"]] = " 3 "
    odd_cells[positions["date_of_birth"]] = datetime.date(1995, 6, 15)

    def check(table_rows):
        found, _missing = importers.match_columns(header, importers.COLUMNS)
        table = importers.RawTable(rows=table_rows, header_index=0, found=found, tax_code="", merged=[], formulas=[])
        errors = ErrorList()
        numbers, records = importers.check_rows(table, errors, today=TODAY)
        assert not errors, errors.stored()
        return numbers, records

    numbers, records = check(rows)
    odd_numbers, odd_records = check([*rows, odd_cells])
    assert odd_numbers == [*numbers, 7]
    assert odd_records[:-1] == records
    last = odd_records[-1]
    assert last[0] == odd["identity_number"]
    assert last[1] == "Trần Thị Sáu"
    assert last[2] == datetime.date(1995, 6, 15)
    assert last[4] == "0912345678"
    assert last[-1] == 3


def test_vaccine_doses_in_superscript_are_an_error_not_a_crash(user_named, enterprise):
    report = _upload(user_named("doanhnghiep"), enterprise, xlsx_file([person(1, vaccine_doses="²")]))
    assert not report.ok
    assert report.errors.stored()[0]["column"] == "Số mũi vắc-xin"


def _sheet_with_everything(people):
    """Tax line, header, workers with blank rows between them, a date cell, a number, a formula,
    merged cells far down: everything a piece boundary could get wrong."""
    from .helpers import HEADERS, person_cells, xlsx_inline_file

    rows = [["Mã số thuế", "0700000000"], HEADERS]
    for index, row in enumerate(people):
        rows.append(person_cells(row))
        if index % 3 == 1:
            rows.append(None)

    def cell(workbook, sheet, row, col, value):
        if row == 5 and col == 2:
            day = workbook.add_format({"num_format": "dd/mm/yyyy"})
            sheet.write_datetime(row, col, datetime.date(1992, 6, 15), day)
            return True
        if row == 6 and col == 13:
            sheet.write_number(row, col, 2)
            return True
        if row == 9 and col == 12:
            sheet.write_formula(row, col, "=1+1", None, 2)
            return True
        if row == 11 and col == 6:
            sheet.merge_range(11, 6, 12, 7, value)
            return True
        return False

    return lambda: xlsx_inline_file(rows, cell=cell)


def test_a_big_sheet_read_in_pieces_gives_the_rows_of_one_read(monkeypatch):
    from kcn.workers import importers

    build = _sheet_with_everything([person(serial) for serial in range(1, 12)])
    whole = importers.read_table(file=build(), name="a.xlsx")
    assert whole.pending is None
    monkeypatch.setattr(importers, "PIECE_ROWS", 2)
    table = importers.read_table(file=build(), name="a.xlsx")
    assert table.pending is not None
    blocks = list(table.blocks(3))
    assert table.pending is None
    assert blocks[0][0] == 2 and blocks[-1][1] >= len(whole.rows)
    assert all(end - begin <= 3 and end == following for (begin, end), (following, _e) in itertools.pairwise(blocks))
    width = max(map(len, whole.rows))
    padded = [list(row) + [""] * (width - len(row)) for row in table.rows]
    assert padded == whole.rows
    assert (table.header_index, table.found, table.tax_code) == (whole.header_index, whole.found, whole.tax_code)
    assert table.merged == whole.merged == [(11, 6, 12, 7)]
    assert table.formulas == whole.formulas and table.formulas[0][:2] == (10, 12)
    assert isinstance(whole.rows[5][2], datetime.date) and str(whole.rows[5][2])[:10] == "1992-06-15"
    assert whole.rows[6][13] == 2 and whole.rows[4] == [""] * 14


def test_an_upload_read_in_pieces_is_all_or_nothing(user_named, enterprise, monkeypatch):
    from kcn.workers import importers

    from .helpers import HEADERS, person_cells, xlsx_inline_file

    monkeypatch.setattr(importers, "PIECE_ROWS", 2)
    monkeypatch.setattr(importers, "BLOCK_ROWS", 2)
    user = user_named("doanhnghiep")
    bad = [person(serial) for serial in range(1, 9)] + [person(9, phone="1")]
    report = _upload(user, enterprise, xlsx_inline_file([HEADERS, *map(person_cells, bad)]))
    assert not report.ok and report.errors.stored()[0]["row"] == 10
    assert not Worker.objects.exists() and not WorkerImport.objects.exists()
    good = [person(serial) for serial in range(1, 10)]
    report = _upload(user, enterprise, xlsx_inline_file([HEADERS, *map(person_cells, good)]))
    assert report.ok and report.added == 9 and Worker.objects.count() == 9


def test_an_error_of_the_sqlite_writer_saves_nothing(user_named, enterprise, monkeypatch):
    import sqlite3

    from django.db import connection

    from kcn.workers import importers

    if connection.vendor != "sqlite":
        pytest.skip("the writer thread is SQLite's")

    def broken(self, records):
        raise sqlite3.IntegrityError("UNIQUE constraint failed: workers_worker.enterprise_id")

    monkeypatch.setattr(importers._SQLiteNewRows, "_insert", broken)
    report = _upload(user_named("doanhnghiep"), enterprise, xlsx_file([person(1), person(2)]))
    assert not report.ok and "người khác thay đổi" in report.message
    assert not Worker.objects.exists() and not WorkerImport.objects.exists()


def test_a_wrong_birth_date_is_reported_in_every_block(user_named, enterprise, monkeypatch):
    """Birth dates are checked once per distinct value across blocks; each row still gets its error."""
    from kcn.workers import importers

    monkeypatch.setattr(importers, "BLOCK_ROWS", 2)
    rows = [person(1, date_of_birth="31/02/1990"), person(2), person(3), person(4, date_of_birth="31/02/1990")]
    report = _upload(user_named("doanhnghiep"), enterprise, xlsx_file(rows))
    assert not report.ok
    assert [(e["row"], e["column"]) for e in report.errors.stored()] == [(2, "Ngày sinh"), (5, "Ngày sinh")]
