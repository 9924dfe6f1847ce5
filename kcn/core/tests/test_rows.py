"""kcn.core.rows writes and reads what the ORM would, on SQLite and on PostgreSQL alike."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from kcn.accounts.models import User
from kcn.core.rows import Columns, insert_created, insert_history, insert_row
from kcn.registry.models import Enterprise, Zone
from kcn.reporting.models import Period, ReportTemplate, Schedule, Submission
from kcn.reporting.services import period_ensure

pytestmark = pytest.mark.django_db


def _fields(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


@pytest.fixture
def new_submission(demo):
    schedule = Schedule.objects.create(template=ReportTemplate.objects.get(code="covid_daily"), board=demo,
                                       name="Báo cáo dịch hằng ngày", frequency="daily")
    period = period_ensure(schedule=schedule, around=timezone.localdate())[0]
    user = User.objects.get(username="doanhnghiep")
    enterprise = Enterprise.objects.get(user_links__user=user)

    def make(**extra):
        return Submission(period=period, enterprise=extra.pop("enterprise", enterprise),
                          version=schedule.template.current_version(), status="submitted",
                          values={"workforce": 1200, "f0": 0, "notes": "Ổn định, không có ca mới"},
                          submitted_at=timezone.now(), submitted_by=user, revision=1, **extra)

    return make


def test_insert_row_stores_what_save_stores(new_submission):
    by_hand = new_submission(idempotency_key="tay")
    assert insert_row(by_hand) is True
    assert by_hand.pk is not None and not by_hand._state.adding
    assert abs(by_hand.updated_at - by_hand.created_at) < datetime.timedelta(seconds=1)  # auto_now stamps set
    stored = Submission.objects.get(pk=by_hand.pk)
    assert _fields(stored) == _fields(by_hand)
    assert stored.values["notes"] == "Ổn định, không có ca mới"


def test_insert_row_unless_conflict_inserts_nothing_and_says_so(new_submission):
    first = new_submission(idempotency_key="mot")
    insert_row(first)
    again = new_submission(idempotency_key="hai")  # same (period, enterprise)
    assert insert_row(again, unless_conflict=True) is False
    assert again.pk is None
    reused_key = new_submission(idempotency_key="mot", enterprise=Enterprise.objects.exclude(pk=first.enterprise_id)
                                .first())
    assert insert_row(reused_key, unless_conflict=True) is False
    assert Submission.objects.count() == 1
    with connection.cursor() as cursor:  # the transaction is still usable
        cursor.execute("SELECT 1")


def test_insert_history_is_the_row_simple_history_writes(new_submission):
    user = User.objects.get(username="doanhnghiep")
    saved = new_submission(idempotency_key="orm")
    saved._history_user, saved._change_reason = user, "Nộp báo cáo"
    saved.save()
    by_hand = new_submission(idempotency_key="tay", enterprise=Enterprise.objects.exclude(pk=saved.enterprise_id)
                             .first())
    insert_row(by_hand)
    insert_history(by_hand, user=user, reason="Nộp báo cáo")
    orm_row, hand_row = (_fields(Submission.history.get(id=submission.pk)) for submission in (saved, by_hand))
    for row in (orm_row, hand_row):
        row.pop("history_id")
        assert abs(row.pop("history_date") - timezone.now()) < datetime.timedelta(minutes=1)
    differing = {"id", "enterprise_id", "idempotency_key", "created_at", "updated_at", "submitted_at"}
    assert {key: value for key, value in orm_row.items() if key not in differing} \
        == {key: value for key, value in hand_row.items() if key not in differing}
    assert hand_row["history_type"] == "+" and hand_row["history_user_id"] == user.pk
    assert hand_row["idempotency_key"] == "tay" and hand_row["id"] == by_hand.pk


def test_columns_make_the_instances_the_orm_makes(new_submission):
    """Dates, aware datetimes, JSON and NULLs come back converted as the ORM converts them."""
    submission = new_submission(idempotency_key="doc")
    insert_row(submission)
    Period.objects.filter(pk=submission.period_id).update(locked_at=None)
    columns = (Columns(Submission, "s"), Columns(Period, "p"), Columns(Zone, "z"))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(c.sql() for c in columns)} FROM {quote(Submission._meta.db_table)} s "
                       f"JOIN {quote(Period._meta.db_table)} p ON p.id = s.period_id "
                       f"LEFT JOIN {quote(Zone._meta.db_table)} z ON z.id = -1 WHERE s.id = %s", [submission.pk])
        row = cursor.fetchone()
    read_submission = columns[0].instance(row, 0)
    read_period = columns[1].instance(row, len(columns[0]))
    assert columns[2].instance(row, len(columns[0]) + len(columns[1])) is None  # the LEFT JOIN found nothing
    assert _fields(read_submission) == _fields(Submission.objects.get(pk=submission.pk))
    assert _fields(read_period) == _fields(Period.objects.get(pk=submission.period_id))
    assert isinstance(read_period.start, datetime.date) and timezone.is_aware(read_period.due_at)
    assert read_period.locked_at is None and isinstance(read_submission.values, dict)


def test_insert_created_writes_the_row_its_history_and_its_children_or_nothing(new_submission):
    from kcn.reporting.models import Revision

    user = User.objects.get(username="doanhnghiep")
    submission = new_submission(idempotency_key="ba")
    revision = Revision(number=1, values=submission.values, created_by=user)
    assert insert_created(submission, user=user, reason="Nộp báo cáo", children=[revision], unless_conflict=True)
    stored = Submission.objects.get(pk=submission.pk)
    assert _fields(stored) == _fields(submission)
    assert _fields(Revision.objects.get(pk=revision.pk)) == _fields(revision)
    assert revision.submission_id == submission.pk and revision.values["workforce"] == 1200
    history = Submission.history.get(id=submission.pk)
    assert (history.history_type, history.history_user_id, history.history_change_reason) == ("+", user.pk,
                                                                                               "Nộp báo cáo")
    assert history.idempotency_key == "ba" and history.values == submission.values

    clash = new_submission(idempotency_key="bon")  # the same (period, enterprise)
    child = Revision(number=1, values={}, created_by=user)
    assert insert_created(clash, user=user, children=[child], unless_conflict=True) is False
    assert clash.pk is None and child.pk is None
    assert Submission.objects.count() == Revision.objects.count() == Submission.history.count() == 1
