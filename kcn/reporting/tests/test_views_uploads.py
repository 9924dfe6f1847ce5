"""The Excel pages and the upload API as the demo roles use them: download, edit in Excel
(openpyxl), upload; scope, refusals, the approval lock shown up front."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kcn.registry.models import Department
from kcn.reporting import services, workbooks
from kcn.reporting.choices import SubmissionStatus
from kcn.reporting.models import Submission
from kcn.reporting.tests.factories import daily_schedule

FIGURES = {"workforce": 1200, "workers_at_work": 1100, "returnees": 12, "workers_not_returned": 30,
           "f0": 0, "f1": 2, "f2": 5, "f3": 0, "notes": "Ổn định"}


@pytest.fixture
def schedule(demo):
    schedule = daily_schedule(["HNA-DV2", "HNA-CS"], due_time=datetime.time(16, 0))
    return schedule


def _fill_url(period, enterprise):
    return reverse("reporting:report_fill", args=[period.pk, enterprise.pk])


def _edit(content: bytes, change) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    change(book.worksheets[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _single(values):
    def change(sheet):
        for row in sheet.iter_rows():
            if row[0].value in values:
                row[5].value = values[row[0].value]
    return change


def _file(content, name="bao-cao.xlsx"):
    return SimpleUploadedFile(name, content)


def test_fill_page_offers_excel_and_the_round_trip_submits(period, own, login):
    client = login("doanhnghiep")
    page = client.get(_fill_url(period, own)).content.decode()
    download = reverse("reporting:report_workbook", args=[period.pk, own.pk])
    upload_url = reverse("reporting:report_upload", args=[period.pk, own.pk])
    assert download in page and upload_url in page and "Tải mẫu Excel" in page and "Tải lên" in page

    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    filled = _edit(response.content, _single(FIGURES))
    assert client.get(upload_url).status_code == 200
    response = client.post(upload_url, {"file": _file(filled), "action": "draft"})
    assert response.status_code == 302 and response["Location"] == _fill_url(period, own)
    assert Submission.objects.get().status == SubmissionStatus.DRAFT
    response = client.post(upload_url, {"file": _file(filled), "action": "submit"}, follow=True)
    assert "Đã nộp báo cáo kỳ" in response.content.decode()
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.SUBMITTED and submission.values["workforce"] == 1200


def test_upload_page_lists_errors_by_row_and_saves_nothing(period, own, login):
    client = login("doanhnghiep")
    content = client.get(reverse("reporting:report_workbook", args=[period.pk, own.pk])).content
    filled = _edit(content, _single({**FIGURES, "workforce": "nhiều"}))
    response = client.post(reverse("reporting:report_upload", args=[period.pk, own.pk]),
                           {"file": _file(filled), "action": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="upload-errors"' in html and "“Tổng số lao động” phải là số nguyên" in html and "nhiều" in html
    assert not Submission.objects.exists()


def test_upload_of_an_older_version_is_refused_on_the_page(period, own, login, user_named):
    client = login("doanhnghiep")
    content = client.get(reverse("reporting:report_workbook", args=[period.pk, own.pk])).content
    admin = user_named("admin")
    version = services.template_version_new(user=admin, template=period.schedule.template)
    services.template_publish(user=admin, version=version)
    response = client.post(reverse("reporting:report_upload", args=[period.pk, own.pk]),
                           {"file": _file(_edit(content, _single(FIGURES))), "action": "submit"})
    assert response.status_code == 400
    assert f"kỳ {period.label} dùng phiên bản 2" in response.content.decode()
    assert not Submission.objects.exists()


def test_out_of_scope_enterprise_is_not_found(period, own, login):
    canbo = login("canbo")  # monitors Châu Sơn, not Đồng Văn II
    assert canbo.get(reverse("reporting:report_workbook", args=[period.pk, own.pk])).status_code == 404
    upload = reverse("reporting:report_upload", args=[period.pk, own.pk])
    assert canbo.get(upload).status_code == 404
    content = workbooks.report_xlsx(period=period, enterprise=own)
    assert canbo.post(upload, {"file": _file(_edit(content, _single(FIGURES))), "action": "submit"}).status_code == 404
    assert not Submission.objects.exists()


def test_locked_period_upload_is_refused_with_the_reason(period, own, login, user_named):
    client = login("doanhnghiep")
    content = client.get(reverse("reporting:report_workbook", args=[period.pk, own.pk])).content
    services.period_lock(user=user_named("admin"), period=period)
    response = client.post(reverse("reporting:report_upload", args=[period.pk, own.pk]),
                           {"file": _file(_edit(content, _single(FIGURES))), "action": "submit"})
    assert response.status_code == 400
    assert "đã được duyệt và khóa" in response.content.decode()
    assert not Submission.objects.exists()
    page = client.get(_fill_url(period, own)).content.decode()
    assert 'id="period-locked"' in page and 'id="submit-button"' not in page and 'id="excel-upload"' not in page


def test_fill_page_shows_the_department_approval_up_front(period, own, login, user_named):
    department = Department.objects.get(name="Phòng Quản lý doanh nghiệp", board=period.schedule.board)
    services.approval_approve(user=user_named("truongphong"), period=period, level="department",
                              department=department)
    client = login("doanhnghiep")
    page = client.get(_fill_url(period, own)).content.decode()
    assert 'id="approval-lock"' in page
    assert f"Kỳ này đã được {department.name} duyệt lúc" in page and "đề nghị phòng trả lại" in page
    assert 'id="submit-button"' not in page and 'id="draft-button"' not in page and 'id="excel-upload"' not in page
    assert "disabled" in page

    # Submitted reports: the correction form is not offered either.
    services.approval_return(user=user_named("truongphong"), period=period, level="department",
                             department=department, comment="Bổ sung")
    services.submission_submit(user=user_named("doanhnghiep"), period=period, enterprise=own, values=FIGURES)
    services.approval_approve(user=user_named("truongphong"), period=period, level="department",
                              department=department)
    page = client.get(_fill_url(period, own)).content.decode()
    assert 'id="approval-lock"' in page and 'id="revise-form"' not in page


def test_officer_bulk_upload_page(period, login, user_named):
    client = login("canbo")
    page_url = reverse("reporting:period_upload", args=[period.pk])
    page = client.get(page_url)
    assert page.status_code == 200 and "Nhập Excel cho nhiều doanh nghiệp" in page.content.decode()
    content = client.get(reverse("reporting:period_workbook", args=[period.pk])).content
    targets = list(workbooks.bulk_enterprises(user_named("canbo"), period))[:2]

    def change(sheet):
        codes = [cell.value for cell in sheet[2]]
        for row in sheet.iter_rows(min_row=3):
            if row[0].value in {t.tax_code for t in targets}:
                for code, value in FIGURES.items():
                    row[codes.index(code)].value = value
            if row[0].value == targets[1].tax_code:
                row[codes.index("workers_at_work")].value = 99999

    bad = _edit(content, change)
    response = client.post(page_url, {"file": _file(bad), "action": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "lỗi nên không lưu gì" in html and 'id="upload-errors"' in html and "99999" in html
    assert not Submission.objects.exists()  # the good row was not saved either

    good = _edit(content, lambda sheet: change(sheet) or _reset(sheet, targets[1].tax_code))
    response = client.post(page_url, {"file": _file(good), "action": "submit"}, follow=True)
    assert "Đã nộp 2 báo cáo" in response.content.decode()
    assert Submission.objects.filter(status=SubmissionStatus.SUBMITTED).count() == 2


def _reset(sheet, tax_code):
    codes = [cell.value for cell in sheet[2]]
    for row in sheet.iter_rows(min_row=3):
        if row[0].value == tax_code:
            row[codes.index("workers_at_work")].value = FIGURES["workers_at_work"]


def test_enterprise_user_cannot_bulk_upload(period, own, login):
    client = login("doanhnghiep")
    assert client.get(reverse("reporting:period_upload", args=[period.pk])).status_code == 404
    assert client.get(reverse("reporting:period_workbook", args=[period.pk])).status_code == 404
    content = workbooks.report_xlsx(period=period, enterprise=own)
    response = client.post(reverse("reporting:period_upload", args=[period.pk]),
                           {"file": _file(content), "action": "submit"})
    assert response.status_code == 404 and not Submission.objects.exists()


# --- API --------------------------------------------------------------------------------------


def _api_post(user, data):
    """POST the upload as ``user`` with their API token, through the real route."""
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client.post(reverse("reporting-api:submission-upload"), data, format="multipart")


def test_api_upload_draft_submit_and_retry(period, own, user_named):
    user = user_named("doanhnghiep")
    filled = _edit(workbooks.report_xlsx(period=period, enterprise=own), _single(FIGURES))
    response = _api_post(user, {"file": _file(filled), "period": period.pk, "enterprise": own.pk, "action": "draft"})
    assert response.status_code == 200 and response.json()["status"] == "draft"
    body = {"period": period.pk, "enterprise": own.pk, "action": "submit", "idempotency_key": "abc"}
    response = _api_post(user, {**body, "file": _file(filled)})
    assert response.status_code == 201 and response.json()["status"] == "submitted"
    again = _api_post(user, {**body, "file": _file(filled)})
    assert again.status_code == 200 and again.json()["id"] == response.json()["id"]
    conflict = _api_post(user, {**body, "idempotency_key": "", "file": _file(filled)})
    assert conflict.status_code == 409
    assert Submission.objects.get().revisions.count() == 1


def test_api_upload_refusals(period, own, user_named):
    user = user_named("doanhnghiep")
    content = workbooks.report_xlsx(period=period, enterprise=own)
    bad = _edit(content, _single({**FIGURES, "f0": "-2"}))
    response = _api_post(user, {"file": _file(bad), "period": period.pk, "enterprise": own.pk, "action": "submit"})
    assert response.status_code == 400
    assert response.json()["rows"][0]["row"] == 11 and "lớn hơn hoặc bằng 0" in response.json()["rows"][0]["message"]
    response = _api_post(user_named("canbo"), {"file": _file(content), "period": period.pk, "enterprise": own.pk,
                                                "action": "submit"})
    assert response.status_code == 404
    assert not Submission.objects.exists()
