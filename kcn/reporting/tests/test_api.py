"""The reporting API as the demo roles use it, with real token authentication.

Schedules and periods are made with the domain's own functions (``period_ensure``); reports
are filed through the API only.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kcn.registry.models import Board, Enterprise, Zone
from kcn.reporting.choices import Frequency, TargetKind
from kcn.reporting.models import ReportTemplate, Revision, Schedule, Submission
from kcn.reporting.services import period_ensure, period_lock, submission_revise, submission_submit

TEMPLATES = reverse("reporting-api:template-list")
SCHEDULES = reverse("reporting-api:schedule-list")
PERIODS = reverse("reporting-api:period-list")
SUBMISSIONS = reverse("reporting-api:submission-list")
SUBMIT = reverse("reporting-api:submission-submit")
DRAFT = reverse("reporting-api:submission-draft")

VALUES = {"workforce": "1.200", "workers_at_work": 1100, "returnees": 12, "workers_not_returned": 30,
          "f0": 0, "f1": 2, "f2": 5, "f3": 0, "notes": ""}



@pytest.fixture
def schedule(demo):
    schedule = Schedule.objects.create(
        template_id=_template_id("covid_daily"), board=Board.objects.get(), name="Báo cáo dịch hằng ngày",
        target=TargetKind.ZONES, frequency=Frequency.DAILY, due_time=datetime.time(16, 0))
    schedule.zones.set(Zone.objects.filter(code="HNA-DV2"))
    return schedule




def _template_id(code):
    return ReportTemplate.objects.get(code=code).pk


def submit(client, period, enterprise, values=VALUES, key="k-1", **headers):
    body = {"period": period.pk, "enterprise": enterprise.pk, "values": values}
    if key is not None:
        body["idempotency_key"] = key
    return client.post(SUBMIT, body, format="json", **headers)


def revise_url(submission_id):
    return reverse("reporting-api:submission-revise", args=[submission_id])


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- Read-only resources


def test_templates_with_published_versions_fields_and_rules(demo, api):
    response = api("doanhnghiep").get(TEMPLATES)
    assert response.status_code == 200
    templates = {row["code"]: row for row in response.json()["results"]}
    daily = templates["covid_daily"]
    assert daily["current_version"] == daily["versions"][0]["number"]
    version = daily["versions"][0]
    codes = [field["code"] for field in version["fields"]]
    assert {"workforce", "returnees", "f1"} <= set(codes)
    assert version["rules"], "the daily report has cross-field rules"
    detail = api("lanhdao").get(daily["url"])
    assert detail.status_code == 200 and detail.json()["code"] == "covid_daily"


def test_schedules_and_periods_scoped_and_filtered(period, schedule, api):
    for username in ("doanhnghiep", "canbo", "truongphong", "lanhdao", "quansat"):
        assert ids(api(username).get(SCHEDULES)) == {schedule.pk}, username
    body = api("truongphong").get(reverse("reporting-api:schedule-detail", args=[schedule.pk])).json()
    assert body["zones"] == [Zone.objects.get(code="HNA-DV2").pk]
    # canbo monitors other zones: the schedule is readable, its DV2 zone is not listed.
    assert api("canbo").get(reverse("reporting-api:schedule-detail", args=[schedule.pk])).json()["zones"] == []

    later = period_ensure(schedule=schedule, around=period.start + datetime.timedelta(days=3))[0]
    client = api("doanhnghiep")
    assert ids(client.get(PERIODS, {"schedule": schedule.pk})) == {period.pk, later.pk}
    assert ids(client.get(PERIODS, {"date_from": later.start.isoformat()})) == {later.pk}
    assert ids(client.get(PERIODS, {"date_to": period.end.isoformat()})) == {period.pk}


def test_enterprise_sees_only_schedules_that_ask_it(period, schedule, api):
    other = Schedule.objects.create(template_id=_template_id("covid_daily"), board=Board.objects.get(),
                                    name="Chỉ KCN Châu Sơn", target=TargetKind.ZONES, frequency=Frequency.DAILY)
    other.zones.set(Zone.objects.filter(code="HNA-CS"))
    other_period = period_ensure(schedule=other, around=timezone.localdate())[0]
    assert ids(api("doanhnghiep").get(SCHEDULES)) == {schedule.pk}
    assert other_period.pk not in ids(api("doanhnghiep").get(PERIODS))
    assert ids(api("lanhdao").get(SCHEDULES)) == {schedule.pk, other.pk}


@pytest.mark.parametrize("url", [TEMPLATES, SCHEDULES, PERIODS, SUBMISSIONS])
def test_trainer_gets_404_on_the_lists(demo, api, url):
    assert api("giangvien").get(url).status_code == 404


def test_anonymous_gets_401(demo):
    assert APIClient().get(SUBMISSIONS).status_code == 401


# --- Submitting


def test_enterprise_submits_then_retries_once_stored(period, own, api):
    client = api("doanhnghiep")
    first = submit(client, period, own)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["status"] == "submitted" and body["revision"] == 1 and body["values"]["workforce"] == 1200
    assert body["enterprise"] == own.pk and body["submitted_by"] == "doanhnghiep"

    retry = submit(client, period, own)
    assert retry.status_code == 200
    assert retry.json() == body
    assert Submission.objects.count() == 1 and Revision.objects.count() == 1

    changed = submit(client, period, own, values={**VALUES, "f1": 3})
    assert changed.status_code == 422
    assert "k-1" in changed.json()["detail"]
    assert Submission.objects.get().values["f1"] == 2 and Revision.objects.count() == 1


def test_idempotency_key_in_the_header(period, own, api):
    client = api("doanhnghiep")
    assert submit(client, period, own, key=None, HTTP_IDEMPOTENCY_KEY="hdr-1").status_code == 201
    assert submit(client, period, own, key=None, HTTP_IDEMPOTENCY_KEY="hdr-1").status_code == 200
    assert Submission.objects.get().idempotency_key == "hdr-1"
    assert submit(client, period, own, key="body", HTTP_IDEMPOTENCY_KEY="hdr-1").status_code == 400


def test_second_submission_without_the_key_is_409(period, own, api):
    client = api("doanhnghiep")
    assert submit(client, period, own).status_code == 201
    again = submit(client, period, own, key="k-2")
    assert again.status_code == 409
    assert "điều chỉnh" in again.json()["detail"]
    assert Revision.objects.count() == 1


def test_invalid_values_are_keyed_by_field_in_vietnamese(period, own, api):
    response = submit(api("doanhnghiep"), period, own, values={**VALUES, "workforce": 10, "f1": "-1"})
    assert response.status_code == 400
    errors = response.json()["values"]
    assert errors["f1"] == ["“Số trường hợp F1” phải lớn hơn hoặc bằng 0."]
    assert "Số lao động từ vùng dịch trở về không được lớn hơn tổng số lao động." in errors["returnees"]
    assert not Submission.objects.exists()
    missing = api("doanhnghiep").post(SUBMIT, {"period": period.pk}, format="json")
    assert missing.status_code == 400 and {"enterprise", "values"} <= set(missing.json())


@pytest.mark.parametrize("username", ["canbo", "lanhdao", "giangvien"])
def test_others_cannot_submit_for_the_enterprise(period, own, api, username):
    assert submit(api(username), period, own).status_code == 404
    assert not Submission.objects.exists()


def test_unknown_period_is_404(period, own, api):
    response = api("doanhnghiep").post(SUBMIT, {"period": period.pk + 999, "enterprise": own.pk, "values": VALUES},
                                       format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("username", ["doanhnghiep", "truongphong", "admin"])
def test_unknown_enterprise_is_404_whoever_asks(period, own, api, username):
    """An enterprise id that does not exist answers as one outside scope does, for a role that
    reaches every enterprise too (and the draft and the submission alike)."""
    for url in (SUBMIT, DRAFT):
        response = api(username).post(url, {"period": period.pk, "enterprise": own.pk + 99999, "values": VALUES},
                                      format="json")
        assert response.status_code == 404, (url, response.content)
    assert not Submission.objects.exists()


def test_department_head_submits_on_behalf(period, own, api):
    response = submit(api("truongphong"), period, own, key="tp-1")
    assert response.status_code == 201 and response.json()["submitted_by"] == "truongphong"


def test_draft_then_submit(period, own, api):
    client = api("doanhnghiep")
    draft = client.post(DRAFT, {"period": period.pk, "enterprise": own.pk, "values": {"workforce": 900}},
                        format="json")
    assert draft.status_code == 200, draft.content
    assert draft.json()["status"] == "draft" and draft.json()["submitted_at"] is None
    assert submit(client, period, own).status_code == 201
    assert client.post(DRAFT, {"period": period.pk, "enterprise": own.pk, "values": {}},
                       format="json").status_code == 409


def test_the_written_out_answer_is_drfs_generic_rendering(period, own, api, user_named):
    """SubmissionSerializer writes its fields out by hand for speed: the answer must stay what
    DRF's generic walk over the declared fields gives, for a draft, a late report (with a time
    zone) and a revision, in a list and alone."""
    from rest_framework import serializers as drf
    from rest_framework.test import APIRequestFactory

    from kcn.reporting.api.serializers import SubmissionSerializer

    client = api("doanhnghiep")
    draft = client.post(DRAFT, {"period": period.pk, "enterprise": own.pk, "values": {"workforce": 900}},
                        format="json").json()
    request = APIRequestFactory().get(SUBMISSIONS)
    context = {"request": request}
    drafted = Submission.objects.get(pk=draft["id"])
    assert drafted.submitted_at is None
    assert SubmissionSerializer(drafted, context=context).data == drf.ModelSerializer.to_representation(
        SubmissionSerializer(context=context), drafted)
    Period = type(period)
    Period.objects.filter(pk=period.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    answer = submit(client, period, own).json()
    submission_revise(user=user_named("truongphong"), submission=Submission.objects.get(pk=answer["id"]),
                      values={**VALUES, "f1": 3}, reason="Sửa F1")
    stored = Submission.objects.select_related("period", "enterprise__zone", "version", "submitted_by").get()
    generic = drf.ModelSerializer.to_representation(SubmissionSerializer(context=context), stored)
    assert generic["is_late"] is True and generic["revision"] == 2 and generic["submitted_at"].endswith("+07:00")
    assert SubmissionSerializer(stored, context=context).data == generic
    assert SubmissionSerializer([stored], many=True, context=context).data == [generic]
    assert set(SubmissionSerializer.Meta.fields) == set(generic)


# --- Lists and revisions


def test_list_scope_and_filters(period, own, api):
    submission_id = submit(api("doanhnghiep"), period, own).json()["id"]
    assert ids(api("truongphong").get(SUBMISSIONS)) == {submission_id}
    assert ids(api("lanhdao").get(SUBMISSIONS, {"period": period.pk, "status": "submitted"})) == {submission_id}
    assert ids(api("truongphong").get(SUBMISSIONS, {"zone": own.zone_id})) == {submission_id}
    assert ids(api("truongphong").get(SUBMISSIONS, {"status": "draft"})) == set()
    assert ids(api("canbo").get(SUBMISSIONS)) == set()
    detail = reverse("reporting-api:submission-detail", args=[submission_id])
    assert api("canbo").get(detail).status_code == 404
    assert api("quansat").get(detail).status_code == 200


def test_revise_needs_a_reason_and_keeps_every_revision(period, own, api):
    client = api("doanhnghiep")
    submission_id = submit(client, period, own).json()["id"]
    without = client.post(revise_url(submission_id), {"values": {**VALUES, "f1": 4}}, format="json")
    assert without.status_code == 400
    assert without.json()["reason"] == ["Hãy ghi lý do điều chỉnh báo cáo."]
    blank = client.post(revise_url(submission_id), {"values": {**VALUES, "f1": 4}, "reason": "  "}, format="json")
    assert blank.status_code == 400 and "reason" in blank.json()

    revised = client.post(revise_url(submission_id), {"values": {**VALUES, "f1": 4}, "reason": "Nhập nhầm F1"},
                          format="json")
    assert revised.status_code == 200, revised.content
    assert revised.json()["revision"] == 2 and revised.json()["values"]["f1"] == 4

    revisions = client.get(reverse("reporting-api:submission-revisions", args=[submission_id]))
    assert revisions.status_code == 200
    assert [(row["number"], row["reason"]) for row in revisions.json()] == [(1, ""), (2, "Nhập nhầm F1")]
    assert api("truongphong").get(reverse("reporting-api:submission-revisions", args=[submission_id])).status_code \
        == 200
    assert api("canbo").get(reverse("reporting-api:submission-revisions", args=[submission_id])).status_code == 404
    # Readers may not revise; outside scope is 404 as well.
    for username in ("lanhdao", "canbo"):
        assert api(username).post(revise_url(submission_id), {"values": VALUES, "reason": "x"},
                                  format="json").status_code == 404


def test_revise_in_a_locked_period_is_400(period, own, api, user_named):
    client = api("doanhnghiep")
    submission_id = submit(client, period, own).json()["id"]
    period_lock(user=user_named("admin"), period=period)
    response = client.post(revise_url(submission_id), {"values": VALUES, "reason": "Sửa"}, format="json")
    assert response.status_code == 400
    assert "khóa" in response.json()["non_field_errors"][0]


# --- Completeness


def test_completeness_lists_the_missing_with_contacts(period, own, api, user_named):
    targeted = list(Enterprise.objects.filter(zone__code="HNA-DV2").order_by("pk"))
    assert len(targeted) >= 2
    assert submit(api("doanhnghiep"), period, own).status_code == 201
    url = reverse("reporting-api:period-completeness", args=[period.pk])

    body = api("truongphong").get(url).json()
    assert body["targeted"] == len(targeted)
    assert body["submitted"] == 1 and body["on_time"] + body["late"] == 1
    assert body["missing_count"] == len(targeted) - 1
    missing = {row["id"]: row for row in body["missing"]}
    assert own.pk not in missing
    for enterprise in targeted:
        if enterprise.pk != own.pk:
            assert missing[enterprise.pk]["phone"] == enterprise.phone
            assert set(missing[enterprise.pk]) >= {"name", "phone", "email", "zalo", "zone_code"}
    assert all(row["zone_code"] == "HNA-DV2" for row in body["missing"])

    # canbo monitors other zones: none of the targeted enterprises is in its reach.
    assert api("canbo").get(url).json()["targeted"] == 0
    assert api("giangvien").get(url).status_code == 404


# --- Performance


def test_submission_list_query_count_is_constant(period, schedule, user_named, api):
    head = user_named("truongphong")
    schedule.zones.set(Zone.objects.filter(code__in=["HNA-DV2", "HNA-DV3"]))
    for enterprise in Enterprise.objects.restrict(head).filter(zone__code__in=["HNA-DV2", "HNA-DV3"])[:50]:
        submission_submit(user=head, period=period, enterprise=enterprise, values=VALUES)
    assert Submission.objects.count() > 5
    client = api("truongphong")
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(SUBMISSIONS, {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, Submission.objects.count())
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
