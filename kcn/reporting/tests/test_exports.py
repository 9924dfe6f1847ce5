"""The consolidated report of a period as .xlsx and as an official PDF (Decree 30/2020), at the
level each demo role sees on the period page."""

import io
import unicodedata

import openpyxl
import pytest
from django.urls import resolve, reverse
from django.utils import timezone
from pypdf import PdfReader

from kcn.core.documents import vietnamese_date
from kcn.registry.documents import board_symbol, issuing_authority
from kcn.registry.models import Board, Department, Enterprise, EnterpriseUser, Zone
from kcn.reporting.choices import Frequency, TargetKind
from kcn.reporting.consolidation import board_totals, department_totals
from kcn.reporting.exports import filename
from kcn.reporting.models import ReportTemplate, Schedule
from kcn.reporting.services import period_ensure, submission_submit

ALL_ZONES = ["HNA-DV1", "HNA-DV2", "HNA-DV3", "HNA-DV4", "HNA-CS", "HNA-TL", "HNA-HM"]
TITLE_ROWS = 7  # the title block and the header row above the figures


def values(workforce, at_work, f1=0):
    return {"workforce": workforce, "workers_at_work": at_work, "returnees": 1, "workers_not_returned": 0,
            "f0": 0, "f1": f1, "f2": 0, "f3": 0, "notes": "=HYPERLINK(\"http://x\")"}


@pytest.fixture
def period(demo):
    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=Board.objects.get(),
        name="Báo cáo dịch hằng ngày", target=TargetKind.ZONES, frequency=Frequency.DAILY)
    schedule.zones.set(Zone.objects.filter(code__in=ALL_ZONES))
    return period_ensure(schedule=schedule, around=timezone.localdate())[0]


def first_of(code, count=1):
    return list(Enterprise.objects.filter(zone__code=code).order_by("pk")[:count])


@pytest.fixture
def filed(period, user_named):
    """Reports in DV2 (doanhnghiep), DV3 (two, by truongphong), CS and TL (by canbo of QLMT)."""
    own = EnterpriseUser.objects.get(user=user_named("doanhnghiep")).enterprise
    submission_submit(user=user_named("doanhnghiep"), period=period, enterprise=own, values=values(1200, 1100, 2))
    head = user_named("truongphong")
    for enterprise, figures in zip(first_of("HNA-DV3", 2), [values(300, 280), values(1234, 1000, 1)], strict=True):
        submission_submit(user=head, period=period, enterprise=enterprise, values=figures)
    officer = user_named("canbo")
    submission_submit(user=officer, period=period, enterprise=first_of("HNA-CS")[0], values=values(500, 450))
    submission_submit(user=officer, period=period, enterprise=first_of("HNA-TL")[0], values=values(70, 65, 3))
    return period


def xlsx_url(period):
    return reverse("reporting:period_export_xlsx", args=[period.pk])


def pdf_url(period):
    return reverse("reporting:period_export_pdf", args=[period.pk])


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def figure_rows(sheet):
    """{(department, zone): [submissions, fields...]} and the header, from the rows under the title."""
    rows = list(sheet.iter_rows(min_row=TITLE_ROWS, values_only=True))
    header, body = rows[0], rows[1:]
    return header, {(row[1] or "", row[2] or ""): list(row[3:]) for row in body}


def pdf_text(response) -> tuple[PdfReader, str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def test_urls():
    assert reverse("reporting:period_export_xlsx", args=[7]) == "/reporting/periods/7/export.xlsx"
    assert reverse("reporting:period_export_pdf", args=[7]) == "/reporting/periods/7/export.pdf"
    assert resolve("/reporting/periods/7/export.pdf").url_name == "period_export_pdf"


@pytest.mark.parametrize("username", ["lanhdao", "truongphong", "quansat", "admin"])
def test_board_level_xlsx_totals_equal_the_consolidation(filed, login, username):
    sheet = sheet_of(login(username).get(xlsx_url(filed)))
    board = Board.objects.get()
    assert sheet["A1"].value == board.name
    assert sheet["A2"].value == "Báo cáo tình hình phòng, chống dịch Covid-19 hằng ngày"
    assert filed.label in sheet["A3"].value
    assert sheet["A5"].value.startswith("Lập lúc: ")
    header, rows = figure_rows(sheet)
    assert header[:4] == ("STT", "Phòng, đơn vị", "Khu công nghiệp", "Số báo cáo đã nộp")
    assert header[4] == "Tổng số lao động (người)"
    codes = ["workforce", "workers_at_work", "returnees", "workers_not_returned", "f0", "f1", "f2", "f3"]
    assert len(header) == 4 + len(codes)

    expected = board_totals(filed, board)
    total = rows[("Tổng cộng", "")]
    assert total[0] == expected["submissions"] == 5
    assert total[1:] == [float(expected["totals"][code]) for code in codes]
    assert total[1] == 1200 + 300 + 1234 + 500 + 70
    for department in expected["departments"]:
        name = department["department"].name
        assert rows[(name, "")][1:] == [float(department["totals"].get(code, 0)) for code in codes]
        for zone in department["zones"]:
            assert rows[(name, zone["zone"].name)][0] == zone["submissions"]
    assert rows[("Phòng Quản lý doanh nghiệp", "KCN Đồng Văn III")][1] == 1534
    # Numbers are numbers, texts stay texts (never a formula).
    assert all(isinstance(value, int | float) for value in total)
    assert not any(isinstance(cell.value, str) and cell.value.startswith("=")
                   for row in sheet.iter_rows() for cell in row)


def test_department_xlsx_has_only_its_zones(filed, login):
    sheet = sheet_of(login("canbo").get(xlsx_url(filed)))
    department = Department.objects.get(name="Phòng Quản lý môi trường")
    assert sheet["A4"].value == "Phạm vi: Phòng Quản lý môi trường"
    _header, rows = figure_rows(sheet)
    assert set(rows) == {("Phòng Quản lý môi trường", "KCN Châu Sơn"), ("Phòng Quản lý môi trường", "KCN Thanh Liêm"),
                         ("Tổng cộng", "")}
    expected = department_totals(filed, department)
    assert rows[("Tổng cộng", "")][0] == expected["submissions"] == 2
    assert rows[("Tổng cộng", "")][1] == float(expected["totals"]["workforce"]) == 570


def test_board_pdf_is_an_official_report(filed, login):
    response = login("lanhdao").get(pdf_url(filed))
    reader, text = pdf_text(response)
    assert response["Content-Disposition"] == f'attachment; filename="{filename(filed, "pdf")}"'
    assert filename(filed, "pdf") == "bao-cao-" + filed.label.replace("/", "-") + ".pdf"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for expected in [
        "UBND TỈNH NINH BÌNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/BC-BQLKCN",
        f"Ninh Bình, {vietnamese_date(timezone.localdate())}",
        "BÁO CÁO",
        filed.label,
        "3.304",  # the board's workforce, the Vietnamese way
        "TRƯỞNG BAN",
        "Lê Minh Đức",
        "Nơi nhận:",
        "UBND tỉnh (để b/c);",
        "Lưu: VT, VP.",
    ]:
        assert expected in text, expected
    assert "Tình hình phòng, chống dịch Covid-19 hằng ngày kỳ" in " ".join(text.split())
    assert "Phòng Quản lý môi trường" in text and "KCN Đồng Văn III" in text
    assert "3304" not in text


def test_deputy_signs_for_the_head(filed, login):
    _reader, text = pdf_text(login("photruongban1").get(pdf_url(filed)))
    assert "KT. TRƯỞNG BAN" in text and "PHÓ TRƯỞNG BAN" in text and "Nguyễn Văn Hải" in text


def test_department_pdf_has_only_its_zones(filed, login):
    _reader, text = pdf_text(login("canbo").get(pdf_url(filed)))
    assert "PHÒNG QUẢN LÝ MÔI TRƯỜNG" in text
    assert "KCN Châu Sơn" in text and "KCN Thanh Liêm" in text
    assert "Đồng Văn" not in text
    assert "TRƯỞNG PHÒNG" in text
    assert "Phòng Quản lý doanh nghiệp (để tổng hợp);" in text
    assert "570" in text


@pytest.mark.parametrize("username", ["doanhnghiep", "giangvien", "quanlychuongtrinh", "hocvien"])
@pytest.mark.parametrize("url", [xlsx_url, pdf_url])
def test_roles_that_may_not_export_get_404(filed, login, username, url):
    assert login(username).get(url(filed)).status_code == 404


@pytest.mark.parametrize("url", [xlsx_url, pdf_url])
def test_anonymous_is_sent_to_login_and_unknown_period_is_404(filed, client, login, url):
    response = client.get(url(filed))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    filed.pk += 1000
    assert login("lanhdao").get(url(filed)).status_code == 404


@pytest.mark.parametrize("url", [xlsx_url, pdf_url])
def test_period_of_another_board_is_404(filed, login, url):
    other = Board.objects.create(name="Ban Quản lý các KCN tỉnh Thử", province=Board.objects.get().province)
    schedule = Schedule.objects.create(template=filed.schedule.template, board=other, name="Khác",
                                       target=TargetKind.ZONES, frequency=Frequency.DAILY)
    foreign = period_ensure(schedule=schedule, around=timezone.localdate())[0]
    assert login("lanhdao").get(url(foreign)).status_code == 404
    assert login("canbo").get(url(foreign)).status_code == 404


def test_empty_period_exports_zero_totals(period, login):
    _header, rows = figure_rows(sheet_of(login("lanhdao").get(xlsx_url(period))))
    assert rows[("Tổng cộng", "")][:2] == [0, 0]
    _reader, text = pdf_text(login("lanhdao").get(pdf_url(period)))
    assert "Nơi nhận:" in text


def test_document_head_helpers(demo):
    board = Board.objects.get()
    assert issuing_authority(board) == "UBND TỈNH NINH BÌNH"
    assert board_symbol(board) == "BQLKCN"
    board.short_name = "Ban KCN"
    assert board_symbol(board) == "BQLKCN"
    board.province.division_type = "thanh_pho"
    board.province.name = "Hà Nội"
    assert issuing_authority(board) == "UBND THÀNH PHỐ HÀ NỘI"

