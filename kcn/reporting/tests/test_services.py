import datetime
import importlib
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from kcn.core.choices import Action
from kcn.registry.models import Board, Enterprise, EnterpriseUser, Zone
from kcn.reporting.choices import FieldType, Frequency, PeriodConvention, SubmissionStatus, TargetKind
from kcn.reporting.models import Period, ReportTemplate, Revision, Schedule, Submission
from kcn.reporting.services import (
    field_save,
    period_ensure,
    period_lock,
    rule_save,
    submission_revise,
    submission_save_draft,
    submission_submit,
    template_publish,
    template_version_new,
)

VALUES = {"workforce": "1.200", "workers_at_work": 1100, "returnees": 12, "workers_not_returned": 30,
          "f0": 0, "f1": 2, "f2": 5, "f3": 0, "notes": ""}


@pytest.fixture
def schedule(demo):
    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=Board.objects.get(),
        name="Báo cáo dịch hằng ngày",
        target=TargetKind.ZONES, frequency=Frequency.DAILY, due_time=datetime.time(16, 0))
    schedule.zones.set(Zone.objects.filter(code__in=["HNA-DV2", "HNA-CS"]))
    return schedule




def _in_zone(code, exclude=None):
    return Enterprise.objects.filter(zone__code=code).exclude(pk=getattr(exclude, "pk", None)).order_by("pk").first()


def test_enterprise_submits_its_own_report(period, own, user_named):
    user = user_named("doanhnghiep")
    submission = submission_submit(user=user, period=period, enterprise=own, values=VALUES)
    assert submission.status == SubmissionStatus.SUBMITTED and submission.revision == 1
    assert submission.values["workforce"] == 1200 and submission.submitted_by == user
    assert submission.history.first().history_user == user
    assert list(submission.revisions.values_list("number", flat=True)) == [1]


def test_enterprise_cannot_submit_for_another(period, own, user_named):
    other = _in_zone("HNA-DV2", exclude=own)
    with pytest.raises(PermissionDenied):
        submission_submit(user=user_named("doanhnghiep"), period=period, enterprise=other, values=VALUES)
    assert not Submission.objects.exists()


def test_officer_submits_only_in_its_zones(period, own, user_named):
    canbo = user_named("canbo")
    with pytest.raises(PermissionDenied):
        submission_submit(user=canbo, period=period, enterprise=own, values=VALUES)
    in_zone = _in_zone("HNA-CS")
    submission = submission_submit(user=canbo, period=period, enterprise=in_zone, values=VALUES)
    assert submission.submitted_by == canbo


@pytest.mark.parametrize("username", ["lanhdao", "quansat"])
def test_readers_cannot_submit(period, own, user_named, username):
    with pytest.raises(PermissionDenied):
        submission_submit(user=user_named(username), period=period, enterprise=own, values=VALUES)


def test_scope_of_submissions(period, own, user_named):
    cs = _in_zone("HNA-CS")
    submission_submit(user=user_named("doanhnghiep"), period=period, enterprise=own, values=VALUES)
    submission_submit(user=user_named("canbo"), period=period, enterprise=cs, values=VALUES)

    def visible(username, action=Action.VIEW):
        return set(Submission.objects.restrict(user_named(username), action).values_list("enterprise_id", flat=True))

    assert visible("doanhnghiep") == {own.pk}
    assert visible("canbo") == {cs.pk}
    assert visible("truongphong") == {own.pk}
    assert visible("lanhdao") == visible("quansat") == {own.pk, cs.pk}
    assert visible("lanhdao", Action.CHANGE) == set()
    assert Revision.objects.restrict(user_named("canbo")).count() == 1
    assert Period.objects.restrict(user_named("doanhnghiep")).filter(pk=period.pk).exists()
    assert ReportTemplate.objects.restrict(user_named("doanhnghiep")).count() == 3


def test_invalid_values_name_the_fields_and_store_nothing(period, own, user_named):
    with pytest.raises(ValidationError) as caught:
        submission_submit(user=user_named("doanhnghiep"), period=period, enterprise=own,
                          values={**VALUES, "workforce": 10, "f1": "-1"})
    errors = caught.value.message_dict
    assert "Số lao động từ vùng dịch trở về không được lớn hơn tổng số lao động." in errors["returnees"]
    assert errors["f1"] == ["“Số trường hợp F1” phải lớn hơn hoặc bằng 0."]
    assert not Submission.objects.exists()


def test_idempotent_retry_returns_the_stored_submission(period, own, user_named):
    user = user_named("doanhnghiep")
    first = submission_submit(user=user, period=period, enterprise=own, values=VALUES, idempotency_key="k-1")
    # The retry sends 1200 where the first sent "1.200": the same report once cleaned.
    again = submission_submit(user=user, period=period, enterprise=own, values={**VALUES, "workforce": 1200},
                              idempotency_key="k-1")
    assert again.pk == first.pk
    assert Submission.objects.count() == 1 and Revision.objects.count() == 1
    assert again.history.count() == first.history.count()


def test_same_key_with_another_payload_is_refused(period, own, user_named):
    user = user_named("doanhnghiep")
    submission_submit(user=user, period=period, enterprise=own, values=VALUES, idempotency_key="k-1")
    with pytest.raises(ValidationError) as caught:
        submission_submit(user=user, period=period, enterprise=own, values={**VALUES, "f1": 3}, idempotency_key="k-1")
    assert "k-1" in caught.value.messages[0]
    assert Revision.objects.count() == 1


def test_second_submit_is_refused_not_duplicated(period, own, user_named):
    user = user_named("doanhnghiep")
    submission_submit(user=user, period=period, enterprise=own, values=VALUES, idempotency_key="k-1")
    with pytest.raises(ValidationError) as caught:
        submission_submit(user=user, period=period, enterprise=own, values=VALUES, idempotency_key="k-2")
    assert "tạo một bản điều chỉnh" in caught.value.messages[0]
    assert Submission.objects.count() == 1


def test_draft_then_submit(period, own, user_named):
    user = user_named("doanhnghiep")
    draft = submission_save_draft(user=user, period=period, enterprise=own, values={"workforce": "1.200"})
    assert draft.status == SubmissionStatus.DRAFT and draft.values == {"workforce": 1200}
    with pytest.raises(ValidationError):
        submission_save_draft(user=user, period=period, enterprise=own, values={"workforce": "nhiều"})
    submitted = submission_submit(user=user, period=period, enterprise=own, values=VALUES)
    assert submitted.pk == draft.pk and submitted.status == SubmissionStatus.SUBMITTED
    with pytest.raises(ValidationError):
        submission_save_draft(user=user, period=period, enterprise=own, values=VALUES)


def test_revision_needs_a_reason_and_keeps_every_revision(period, own, user_named):
    user = user_named("doanhnghiep")
    submission = submission_submit(user=user, period=period, enterprise=own, values=VALUES)
    with pytest.raises(ValidationError) as caught:
        submission_revise(user=user, submission=submission, values={**VALUES, "f1": 4}, reason="  ")
    assert "reason" in caught.value.message_dict
    revised = submission_revise(user=user, submission=submission, values={**VALUES, "f1": 4},
                                reason="Bổ sung 2 trường hợp F1 phát hiện cuối ngày")
    assert revised.revision == 2 and revised.values["f1"] == 4
    assert [(r.number, r.values["f1"]) for r in revised.revisions.order_by("number")] == [(1, 2), (2, 4)]
    assert revised.history.first().history_change_reason == "Bổ sung 2 trường hợp F1 phát hiện cuối ngày"
    with pytest.raises(PermissionDenied):
        submission_revise(user=user_named("canbo"), submission=submission, values=VALUES, reason="Sửa")


def test_locked_period_refuses_every_write(period, own, user_named):
    user = user_named("doanhnghiep")
    submission = submission_submit(user=user, period=period, enterprise=own, values=VALUES)
    with pytest.raises(PermissionDenied):
        period_lock(user=user, period=period)
    period = period_lock(user=user_named("admin"), period=period)
    assert period.is_locked
    with pytest.raises(ValidationError) as caught:
        submission_revise(user=user, submission=submission, values={**VALUES, "f1": 4}, reason="Sửa số liệu")
    assert "đã được duyệt và khóa" in caught.value.messages[0]
    other = _in_zone("HNA-CS")
    with pytest.raises(ValidationError):
        submission_submit(user=user_named("canbo"), period=period, enterprise=other, values=VALUES)
    with pytest.raises(ValidationError):
        submission_save_draft(user=user_named("canbo"), period=period, enterprise=other, values={})
    assert Revision.objects.count() == 1


def test_enterprise_outside_the_schedule_and_future_periods_are_refused(schedule, period, user_named):
    outside = _in_zone("HNA-DV3")
    with pytest.raises(ValidationError) as caught:
        submission_submit(user=user_named("truongphong"), period=period, enterprise=outside, values=VALUES)
    assert "không thuộc đối tượng phải báo cáo" in caught.value.messages[0]
    future = period_ensure(schedule=schedule, around=timezone.localdate(), after=2)[-1]
    with pytest.raises(ValidationError) as caught:
        submission_submit(user=user_named("canbo"), period=future, enterprise=_in_zone("HNA-CS"), values=VALUES)
    assert "chưa bắt đầu" in caught.value.messages[0]


def test_period_ensure_is_idempotent(schedule):
    day = datetime.date(2026, 11, 22)
    periods = period_ensure(schedule=schedule, around=day, before=1, after=1)
    assert [p.label for p in periods] == ["21/11/2026", "22/11/2026", "23/11/2026"]
    assert periods[1].due_at == datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)  # 16:00 in Hà Nội
    assert period_ensure(schedule=schedule, around=day, before=1, after=1) == periods
    assert Period.objects.filter(schedule=schedule).count() == 3
    schedule.frequency, schedule.convention = Frequency.MONTHLY, PeriodConvention.STATE
    month = period_ensure(schedule=schedule, around=day)[0]
    assert (month.start, month.end, month.label) == (datetime.date(2026, 11, 15), datetime.date(2026, 12, 14),
                                                     "Tháng 12/2026")


def test_published_versions_are_frozen_and_edits_make_a_new_version(demo, user_named):
    admin = user_named("admin")
    template = ReportTemplate.objects.get(code="covid_daily")
    published = template.current_version()
    with pytest.raises(ValidationError):
        field_save(user=admin, version=published, data={"code": "f4", "label": "Số trường hợp F4",
                                                        "type": FieldType.INTEGER})
    with pytest.raises(PermissionDenied):
        template_version_new(user=user_named("truongphong"), template=template)
    draft = template_version_new(user=admin, template=template)
    assert draft.number == 2 and draft.fields.count() == published.fields.count()
    assert draft.rules.count() == published.rules.count()
    field_save(user=admin, version=draft, data={"code": "f4", "label": "Số trường hợp F4", "type": FieldType.INTEGER})
    for expression in ("__import__('os').system('id') > 0", "f4.real > 0", "open('x') > 0", "nobody > 0"):
        with pytest.raises(ValidationError) as caught:
            rule_save(user=admin, version=draft, data={"expression": expression})
        assert "expression" in caught.value.message_dict
    rule_save(user=admin, version=draft, data={"expression": "f4 <= f3"})
    template_publish(user=admin, version=draft)
    assert template.current_version() == draft and published.fields.filter(code="f4").count() == 0
    with pytest.raises(ValidationError):
        template_publish(user=admin, version=draft)
    with pytest.raises(ValidationError):
        rule_save(user=admin, version=draft, data={"expression": "f4 >= 0"})


def test_a_submission_keeps_its_version(period, own, user_named):
    admin, user = user_named("admin"), user_named("doanhnghiep")
    submission = submission_submit(user=user, period=period, enterprise=own, values=VALUES)
    template = ReportTemplate.objects.get(code="covid_daily")
    draft = template_version_new(user=admin, template=template)
    field_save(user=admin, version=draft, data={"code": "vaccinated", "label": "Số lao động đã tiêm vắc xin",
                                                "type": FieldType.INTEGER, "required": True})
    template_publish(user=admin, version=draft)
    revised = submission_revise(user=user, submission=submission, values=VALUES, reason="Kiểm tra lại")
    assert revised.version.number == 1


def _race(target, count):
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = target(index)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def committed_demo(transactional_db):
    """The demo, committed for real so that several connections see it. A transactional test
    before this one may have flushed the rows the migrations load, so load them again (both
    loaders are idempotent)."""
    from django.apps import apps

    from kcn.registry.demo import load_demo
    from kcn.registry.units import units_sync

    units_sync(apps.get_model("registry", "Province"), apps.get_model("registry", "Commune"),
               apps.get_model("registry", "LegacyProvince"))
    importlib.import_module("kcn.reporting.migrations.0002_builtin_templates").create(apps, None)
    return load_demo(enterprise_count=60)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_submits_never_duplicate(committed_demo, user_named):
    schedule = Schedule.objects.create(template=ReportTemplate.objects.get(code="covid_daily"), board=committed_demo,
                                       name="Báo cáo dịch hằng ngày", frequency=Frequency.DAILY)
    schedule.zones.set(Zone.objects.filter(code__in=["HNA-DV2", "HNA-CS"]))
    period = period_ensure(schedule=schedule, around=timezone.localdate())[0]
    own = EnterpriseUser.objects.get(user=user_named("doanhnghiep")).enterprise
    user = user_named("doanhnghiep")

    def submit(index):
        return submission_submit(user=user, period=period, enterprise=own, values=VALUES,
                                 idempotency_key=f"race-{index}")

    results = _race(submit, 4)
    stored = [r for r in results if isinstance(r, Submission)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(stored) == 1 and len(refused) == 3, results
    assert Submission.objects.count() == 1 and Revision.objects.count() == 1

    # The same retry racing itself: every copy answers with the one stored submission.
    other = _in_zone("HNA-DV2", exclude=own)
    admin = user_named("admin")
    results = _race(lambda index: submission_submit(user=admin, period=period, enterprise=other, values=VALUES,
                                                    idempotency_key="same"), 4)
    assert all(isinstance(r, Submission) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Submission.objects.filter(enterprise=other).count() == 1 and Revision.objects.count() == 2
