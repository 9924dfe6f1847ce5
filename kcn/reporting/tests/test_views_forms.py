"""The report pages as the demo roles use them: my reports, draft, submit, errors, revise, scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kcn.registry.models import Zone
from kcn.reporting.choices import Frequency, SubmissionStatus, TargetKind
from kcn.reporting.models import Period, Schedule, Submission
from kcn.reporting.tests.factories import daily_schedule

MY_REPORTS = reverse("reporting:my_reports")
FIGURES = {"workforce": "1.200", "workers_at_work": "1100", "returnees": "12", "workers_not_returned": "30",
           "f0": "0", "f1": "2", "f2": "5", "f3": "0", "notes": "Ổn định"}


@pytest.fixture
def schedule(demo):
    schedule = daily_schedule(["HNA-DV2"], due_time=datetime.time(16, 0))
    return schedule



def _today_period(schedule):
    return Period.objects.get(schedule=schedule, start=timezone.localdate())


def _fill_url(period, enterprise):
    return reverse("reporting:report_fill", args=[period.pk, enterprise.pk])


def test_my_reports_creates_and_lists_todays_period(schedule, own, login):
    assert not Period.objects.filter(schedule=schedule).exists()
    response = login("doanhnghiep").get(MY_REPORTS)
    assert response.status_code == 200
    period = _today_period(schedule)
    html = response.content.decode()
    assert _fill_url(period, own) in html
    assert "chưa nộp" in html and "Điền báo cáo" in html
    assert timezone.localtime(period.due_at).strftime("%d/%m/%Y %H:%M") in html
    assert "enterprise-filter" not in html  # one enterprise: no filter


def test_menu_and_home_panel(schedule, own, login):
    client = login("doanhnghiep")
    home = client.get(reverse("core:home")).content.decode()
    assert MY_REPORTS in home
    assert 'id="panel-reports-due"' in home and "Báo cáo dịch hằng ngày" in home and "chưa nộp" in home


def test_draft_submit_revise(schedule, own, login):
    client = login("doanhnghiep")
    client.get(MY_REPORTS)
    period = _today_period(schedule)
    url = _fill_url(period, own)
    form = client.get(url).content.decode()
    assert 'inputmode="numeric"' in form and "Lưu nháp" in form and "Nộp báo cáo" in form
    assert "Tổng số lao động (người)" in form

    response = client.post(url, {"workforce": "1.200", "action": "draft"})
    assert response.status_code == 302
    submission = Submission.objects.get(period=period, enterprise=own)
    assert submission.status == SubmissionStatus.DRAFT and submission.values == {"workforce": 1200}
    page = client.get(url).content.decode()
    assert 'value="1.200"' in page and "bản nháp" in page
    assert "bản nháp" in client.get(MY_REPORTS).content.decode()

    response = client.post(url, {**FIGURES, "action": "submit"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED and submission.values["workforce"] == 1200
    shown = client.get(url).content.decode()
    assert 'id="submitted-figures"' in shown and "1.200" in shown and "Ổn định" in shown
    assert "Điều chỉnh" in shown and 'id="revise-form"' in shown

    no_reason = client.post(url, {**FIGURES, "workforce": "1.300", "action": "revise"})
    assert no_reason.status_code == 400
    assert "Hãy ghi lý do điều chỉnh báo cáo." in no_reason.content.decode()

    response = client.post(url, {**FIGURES, "workforce": "1.300", "reason": "Nhập nhầm tổng số lao động",
                                 "action": "revise"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.revision == 2 and submission.values["workforce"] == 1300
    shown = client.get(url).content.decode()
    assert 'data-revision="1"' in shown and 'data-revision="2"' in shown
    assert "Nhập nhầm tổng số lao động" in shown and "1.300" in shown
    listing = client.get(MY_REPORTS).content.decode()
    assert "đã nộp đúng hạn" in listing or "nộp muộn" in listing


def test_inline_errors_for_rule_and_bad_number(schedule, own, login):
    client = login("doanhnghiep")
    client.get(MY_REPORTS)
    url = _fill_url(_today_period(schedule), own)

    response = client.post(url, {**FIGURES, "workers_at_work": "1.500", "action": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="form-error-summary"' in html
    message = "Số lao động đang làm việc không được lớn hơn tổng số lao động."
    assert 'data-field="workers_at_work">' + message in html
    assert 'data-field="workforce">' + message in html
    assert not Submission.objects.exists()

    response = client.post(url, {**FIGURES, "f1": "abc", "action": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="f1">“Số trường hợp F1” phải là số nguyên' in html
    assert 'value="abc"' in html  # what was typed stays
    assert client.post(url, {"f1": "abc", "action": "draft"}).status_code == 400
    assert not Submission.objects.exists()

    response = client.post(url, {"workforce": "1.200", "action": "submit"})
    assert response.status_code == 400
    assert "“Số trường hợp F1” là bắt buộc." in response.content.decode()


def test_locked_period_error_at_the_top(schedule, own, login, user_named):
    from kcn.reporting.services import period_lock

    client = login("doanhnghiep")
    client.get(MY_REPORTS)
    period = _today_period(schedule)
    period_lock(user=user_named("admin"), period=period)
    response = client.post(_fill_url(period, own), {**FIGURES, "action": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="form-error-summary"' in html and "đã được duyệt và khóa" in html
    assert not Submission.objects.exists()


def test_out_of_scope_is_404(schedule, own, login):
    login("doanhnghiep").get(MY_REPORTS)
    period = _today_period(schedule)
    url = _fill_url(period, own)
    canbo = login("canbo")
    assert canbo.get(url).status_code == 404
    assert canbo.post(url, {**FIGURES, "action": "submit"}).status_code == 404
    assert login("doanhnghiep").get(reverse("reporting:report_fill", args=[period.pk + 999, own.pk])).status_code \
        == 404
    other = Schedule.objects.create(template=schedule.template, board=schedule.board, name="Chỉ KCN Châu Sơn",
                                    target=TargetKind.ZONES, frequency=Frequency.DAILY)
    other.zones.set(Zone.objects.filter(code="HNA-CS"))
    from kcn.reporting.services import period_ensure

    other_period = period_ensure(schedule=other, around=timezone.localdate())[0]
    assert login("doanhnghiep").get(_fill_url(other_period, own)).status_code == 404
    assert not Submission.objects.exists()


def test_department_head_fills_on_behalf(schedule, own, login, user_named):
    client = login("truongphong")
    listing = client.get(MY_REPORTS)
    assert listing.status_code == 200
    html = listing.content.decode()
    period = _today_period(schedule)
    assert 'id="enterprise-filter"' in html and _fill_url(period, own) in html
    filtered = client.get(MY_REPORTS, {"enterprise": own.pk}).content.decode()
    assert filtered.count("data-period=") == 1

    response = client.post(_fill_url(period, own), {**FIGURES, "action": "submit"})
    assert response.status_code == 302
    submission = Submission.objects.get(period=period, enterprise=own)
    assert submission.is_submitted and submission.submitted_by == user_named("truongphong")
    assert "1.200" in login("doanhnghiep").get(_fill_url(period, own)).content.decode()


def test_readers_see_but_do_not_fill(schedule, own, login):
    for username in ("lanhdao", "quansat"):
        client = login(username)
        response = client.get(MY_REPORTS)
        assert response.status_code == 200, username
        period = _today_period(schedule)
        if _fill_url(period, own) in response.content.decode():
            assert "report-fill-link" not in response.content.decode()
            page = client.get(_fill_url(period, own))
            assert page.status_code == 200 and 'id="report-form"' not in page.content.decode()
        assert client.post(_fill_url(period, own), {**FIGURES, "action": "submit"}).status_code == 404
    assert not Submission.objects.exists()
