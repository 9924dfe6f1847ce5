"""Writes to reporting. Pages, the API, uploads and commands all come through here.

Submitting follows one path whatever the channel: check the role and the enterprise's scope,
check the period (started, not locked) and that the enterprise must report under its schedule,
clean the values against the template version, lock the (period, enterprise) row, then write,
and add the report (or a revision's difference) to the consolidated totals in the same
transaction (``consolidation.totals_apply``).
"""

import datetime
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.core import rows
from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.core.rows import Columns
from kcn.core.services import scoped_save
from kcn.registry import scope as registry_scope
from kcn.registry.models import Department, Enterprise, Staff, Zone, ZoneAssignment

from . import approvals, consolidation, periods
from .choices import Frequency, SubmissionStatus, TargetKind
from .models import (
    Approval,
    ApprovalLevel,
    ApprovalStatus,
    CrossFieldRule,
    Field,
    Period,
    ReportTemplate,
    Revision,
    Schedule,
    Submission,
    TemplateVersion,
)
from .validation import clean_values

# --- Templates -------------------------------------------------------------------------------


def template_save(*, user, instance=None, data) -> ReportTemplate:
    return scoped_save(user=user, model=ReportTemplate, instance=instance, data=data)


def _draft_version(user, version_pk) -> TemplateVersion:
    if not role_allows(user, TemplateVersion, Action.CHANGE):
        raise PermissionDenied
    version = TemplateVersion.objects.select_for_update().filter(pk=version_pk).first()
    if version is None:
        raise PermissionDenied
    if version.is_published:
        raise ValidationError(_("Phiên bản này đã được ban hành nên không sửa được; hãy tạo phiên bản mới."))
    return version


def template_version_new(*, user, template: ReportTemplate) -> TemplateVersion:
    """A new draft version, copying the fields and rules of the latest version (editing a
    published template always goes through a new version)."""
    if not role_allows(user, TemplateVersion, Action.ADD):
        raise PermissionDenied
    with transaction.atomic():
        template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
        latest = template.versions.order_by("-number").first()
        version = TemplateVersion(template=template, number=(latest.number + 1) if latest else 1)
        version.full_clean()
        version._history_user = user
        version.save()
        if latest is not None:
            for field in latest.fields.all():
                field.pk = None
                field.version = version
                field._history_user = user
                field.save()
            for rule in latest.rules.all():
                rule.pk = None
                rule.version = version
                rule._history_user = user
                rule.save()
    return version


def field_save(*, user, version: TemplateVersion, instance=None, data) -> Field:
    with transaction.atomic():
        version = _draft_version(user, version.pk)
        return scoped_save(user=user, model=Field, instance=instance, data={**data, "version": version})


def rule_save(*, user, version: TemplateVersion, instance=None, data) -> CrossFieldRule:
    """Save a cross-field rule; an expression outside the safe language is refused here."""
    with transaction.atomic():
        version = _draft_version(user, version.pk)
        return scoped_save(user=user, model=CrossFieldRule, instance=instance, data={**data, "version": version})


def template_publish(*, user, version: TemplateVersion) -> TemplateVersion:
    """Freeze a version: from now on its fields and rules never change."""
    with transaction.atomic():
        version = _draft_version(user, version.pk)
        if not version.fields.exists():
            raise ValidationError(_("Phiên bản chưa có trường nào nên chưa ban hành được."))
        for rule in version.rules.all():
            rule.full_clean()
        version.is_published = True
        version.published_at = timezone.now()
        version.full_clean()
        version._history_user = user
        version._change_reason = _("Ban hành")
        version.save()
    return version


# --- Schedules and periods -------------------------------------------------------------------


def period_ensure(*, schedule: Schedule, around: datetime.date, before: int = 0, after: int = 0) -> list[Period]:
    """The periods of ``schedule`` containing ``around``, plus ``before`` earlier and ``after``
    later ones, creating those that do not exist yet. Safe to run concurrently and repeatedly
    (``periods_open`` calls it hourly; it acts for the system, not a user)."""
    frequency, convention = schedule.frequency, schedule.convention
    start, _end = periods.period_bounds(frequency, convention, around)
    for _step in range(before):
        start = periods.period_bounds(frequency, convention, start - datetime.timedelta(days=1))[0]
    result = []
    for _step in range(before + 1 + after):
        start, end = periods.period_bounds(frequency, convention, start)
        period, _created = Period.objects.get_or_create(schedule=schedule, start=start, defaults={
            "end": end,
            "due_at": periods.due_at(end, due_time=schedule.due_time, due_day_offset=schedule.due_day_offset),
            "label": periods.period_label(frequency, start, end),
        })
        result.append(period)
        start = end + datetime.timedelta(days=1)
    return result


def periods_open(*, on: datetime.date) -> int:
    """Open the period containing ``on`` and the next one for every active, regular schedule, so
    a day's period exists before anyone reports for it. Run hourly by the task queue."""
    count = 0
    for schedule in Schedule.objects.filter(is_active=True).exclude(frequency=Frequency.AD_HOC):
        count += len(period_ensure(schedule=schedule, around=on, after=1))
    return count


def period_lock(*, user, period: Period, reason: str = "") -> Period:
    """Lock a period: its submissions can no longer be saved, submitted or revised.
    Approval (a later module) calls this; unlocking is a separate, audited decision."""
    if not role_allows(user, Period, Action.CHANGE):
        raise PermissionDenied
    with transaction.atomic():
        current = Period.objects.restrict(user, Action.CHANGE).select_for_update(of=("self",)).order_by() \
            .filter(pk=period.pk).first()
        if current is None:
            raise PermissionDenied
        _lock(current, user, reason)
    return current


def _lock(current: Period, user, reason: str = ""):
    """Lock a period row already locked for update by the caller (period_lock, the leader's
    sign-off, which has its own permission check)."""
    if current.locked_at is None:
        current.locked_at = timezone.now()
        current.locked_by = user
        current._history_user = user
        current._change_reason = reason or _("Khóa kỳ báo cáo")
        current.save()


# --- Submissions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reporting:
    """What the checks before a write learned, reused by the write (no second lookup)."""

    period: Period  # read now, with its schedule and template
    enterprise: Enterprise  # loaded with its zone
    department_id: int | None
    version: TemplateVersion | None  # the template's current published version, with its template

    @property
    def where(self) -> tuple:
        """Where the report counts: its zone, the zone's department on the period's first day,
        and the period's board (a report is accepted only from a zone of that board)."""
        return (self.enterprise.zone_id, self.department_id, self.period.schedule.board_id)


def _check_may_report(user, action, period: Period, enterprise: Enterprise) -> _Reporting:
    """Refuse (as "not found") a period or an enterprise outside the user's reach; refuse with a
    reason a period that is locked, not started, or whose schedule does not ask this enterprise.

    Only the ids of ``period`` and ``enterprise`` are used: both are read again, now, with
    everything the write needs (``_reporting_target``)."""
    if not role_allows(user, Submission, action):
        raise PermissionDenied
    target = _reporting_target(period.pk, enterprise.pk)
    if target is None or target.enterprise is None \
            or not registry_scope.board_reached(user, target.period.schedule.board_id) \
            or not registry_scope.enterprise_reached(user, action, target.enterprise):
        raise PermissionDenied
    period, enterprise = target.period, target.enterprise
    if period.is_locked:
        raise ValidationError(_(
            "Kỳ báo cáo %(period)s đã được duyệt và khóa từ %(at)s; không nộp hay sửa được nữa."
        ) % {"period": period.label, "at": timezone.localtime(period.locked_at).strftime("%H:%M %d/%m/%Y")})
    if period.start > timezone.localdate():
        raise ValidationError(_("Kỳ báo cáo %(period)s chưa bắt đầu.") % {"period": period.label})
    if not target.asked:
        raise ValidationError(_("%(enterprise)s không thuộc đối tượng phải báo cáo theo “%(schedule)s”.")
                              % {"enterprise": enterprise, "schedule": period.schedule})
    _check_not_approved(period, target.department_id)
    return _Reporting(period=period, enterprise=enterprise, department_id=target.department_id,
                      version=target.version)


@dataclass(frozen=True)
class _Target:
    period: Period
    enterprise: Enterprise | None
    version: TemplateVersion | None
    department_id: int | None
    asked: bool


_TARGET_COLUMNS = (Columns(Period, "p"), Columns(Schedule, "s"), Columns(ReportTemplate, "t"),
                   Columns(TemplateVersion, "v"), Columns(Enterprise, "e"), Columns(Zone, "z"))


@cache
def _target_sql(vendor: str) -> str:
    quote = connection.ops.quote_name

    def table(model):
        return quote(model._meta.db_table)

    zones, listed = Schedule.zones.field, Schedule.enterprises.field
    return f"""
        SELECT {", ".join(columns.sql() for columns in _TARGET_COLUMNS)},
               (SELECT a.department_id FROM {table(ZoneAssignment)} a
                 WHERE a.zone_id = e.zone_id AND a.start_date <= p.{quote("start")}
                   AND (a.end_date IS NULL OR a.end_date >= p.{quote("start")})
                 ORDER BY a.start_date DESC, a.id DESC LIMIT 1),
               EXISTS (SELECT 1 FROM {quote(zones.m2m_db_table())} sz
                        WHERE sz.{quote(zones.m2m_column_name())} = s.id
                          AND sz.{quote(zones.m2m_reverse_name())} = e.zone_id),
               EXISTS (SELECT 1 FROM {quote(listed.m2m_db_table())} se
                        WHERE se.{quote(listed.m2m_column_name())} = s.id
                          AND se.{quote(listed.m2m_reverse_name())} = e.id)
          FROM {table(Period)} p
          JOIN {table(Schedule)} s ON s.id = p.schedule_id
          JOIN {table(ReportTemplate)} t ON t.id = s.template_id
          LEFT JOIN {table(TemplateVersion)} v ON v.id = (
               SELECT v2.id FROM {table(TemplateVersion)} v2 WHERE v2.template_id = t.id AND v2.is_published = %s
                ORDER BY v2.{quote("number")} DESC LIMIT 1)
          LEFT JOIN {table(Enterprise)} e ON e.id = %s
          LEFT JOIN {table(Zone)} z ON z.id = e.zone_id
         WHERE p.id = %s"""


def _reporting_target(period_id, enterprise_id) -> _Target | None:
    """Everything a submission's checks and write need, read in one statement: the period (its
    lock as it is now) with its schedule and template, the template's current published
    version, the enterprise with its zone, the department monitoring the zone on the period's
    first day, and whether the schedule asks the enterprise. None if the period does not exist;
    ``enterprise`` None if the enterprise does not.

    The same answers as ``Period.objects.select_related``, ``ReportTemplate.current_version``,
    ``consolidation.departments_on`` and ``Schedule.target_enterprises`` (test_consolidation
    checks them against each other), written as SQL because at a deadline every enterprise of a
    province submits within the hour, and the ORM took longer to build these five queries than
    the database took to answer them.
    """
    with connection.cursor() as cursor:
        cursor.execute(_target_sql(connection.vendor), [True, enterprise_id, period_id])
        row = cursor.fetchone()
    if row is None:
        return None
    instances, start = [], 0
    for columns in _TARGET_COLUMNS:
        instances.append(columns.instance(row, start))
        start += len(columns)
    period, schedule, template, version, enterprise, zone = instances
    department_id, in_zones, in_list = row[start:]
    schedule.template = template
    period.schedule = schedule
    if version is not None:
        version.template = template
    if enterprise is None:
        return _Target(period=period, enterprise=None, version=version, department_id=None, asked=False)
    enterprise.zone = zone
    if schedule.target == TargetKind.SECTOR:
        asked = enterprise.sector == schedule.sector
    else:
        asked = bool(in_zones if schedule.target == TargetKind.ZONES else in_list)
    asked = asked and zone.board_id == schedule.board_id
    return _Target(period=period, enterprise=enterprise, version=version, department_id=department_id, asked=asked)


def _check_not_approved(period: Period, department_id: int | None):
    """Refuse a report of a zone whose department approved the period (the zone's department on
    the period's first day, as in the consolidation).

    The department's row is locked in share mode first: an approval of the department locks it
    for update, so a report being written and an approval never cross (one waits for the other,
    then sees it), while reports of the same department do not wait for each other.
    """
    if department_id is None:
        return
    _lock_for_share(Department, department_id)
    approval = approvals.department_approved(period, department_id)
    if approval is not None:
        raise ValidationError(_(
            "Báo cáo của %(department)s kỳ %(period)s đã được duyệt lúc %(at)s; muốn điều chỉnh, hãy đề nghị "
            "phòng trả lại (mở lại) báo cáo."
        ) % {"department": approval.department.name, "period": period.label,
             "at": timezone.localtime(approval.at).strftime("%H:%M %d/%m/%Y")}, code="approved")


def _lock_for_share(model, pk):
    """SELECT … FOR SHARE of one row (PostgreSQL; SQLite writers are serialised anyway). Django
    has select_for_update but no share lock, which is what many readers of one row need."""
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(model._meta.db_table)} WHERE id = %s FOR SHARE",
                       [pk])


def _version_for(reporting: _Reporting, submission: Submission | None) -> TemplateVersion:
    if submission is not None:
        return submission.version
    if reporting.version is None:
        raise ValidationError(_("Mẫu báo cáo “%(template)s” chưa có phiên bản nào được ban hành.")
                              % {"template": reporting.period.schedule.template})
    return reporting.version


def _raise_errors(errors):
    if errors:
        raise ValidationError({code: list(messages) for code, messages in errors.items()})


def _locked_submission(period, enterprise):
    return (Submission.objects.select_for_update(of=("self",)).order_by()
            .filter(period=period, enterprise=enterprise).first())


def _create_or_lock(period, enterprise, version, user) -> tuple[Submission, bool]:
    """The locked submission row of (period, enterprise), created as an empty draft if missing.

    Two requests racing to create it both try the insert; the unique constraint lets one win,
    the other rolls back to its savepoint and waits for, then locks, the winner's row.
    """
    submission = _locked_submission(period, enterprise)
    if submission is not None:
        return submission, False
    try:
        with transaction.atomic():
            submission = Submission(period=period, enterprise=enterprise, version=version)
            submission._history_user = user
            submission.save()
            return submission, True
    except IntegrityError:
        submission = _locked_submission(period, enterprise)
        if submission is None:
            raise
        return submission, False


def _already_submitted(submission):
    return ValidationError(_(
        "Báo cáo kỳ %(period)s của %(enterprise)s đã được nộp lúc %(at)s. Muốn sửa, hãy tạo một bản điều "
        "chỉnh và ghi rõ lý do."
    ) % {"period": submission.period.label, "enterprise": submission.enterprise,
         "at": timezone.localtime(submission.submitted_at).strftime("%H:%M %d/%m/%Y")}, code="already_submitted")


def _finish(user, action, submission):
    if not Submission.objects.restrict(user, action).filter(pk=submission.pk).exists():
        raise PermissionDenied
    return submission


def _replayed(user, submission):
    """A stored submission answered to a retry with its idempotency key: ``is_replay`` tells the
    caller nothing was written (the API answers 200 instead of 201)."""
    submission.is_replay = True
    return _finish(user, Action.VIEW, submission)


def submission_save_draft(*, user, period: Period, enterprise: Enterprise, values: dict) -> Submission:
    """Save what has been filled in so far. Types and limits are checked; required fields and
    cross-field rules wait for the submission."""
    with transaction.atomic():
        reporting = _check_may_report(user, Action.ADD, period, enterprise)
        period = reporting.period
        submission = _locked_submission(period, enterprise)
        version = _version_for(reporting, submission)
        cleaned, errors = clean_values(version, values, partial=True)
        _raise_errors(errors)
        submission, _created = _create_or_lock(period, enterprise, version, user)
        if submission.is_submitted:
            raise _already_submitted(submission)
        submission.values = cleaned
        submission.full_clean()
        submission._history_user = user
        submission.save()
        return _finish(user, Action.ADD, submission)


def submission_submit(*, user, period: Period, enterprise: Enterprise, values: dict,
                      idempotency_key: str | None = None) -> Submission:
    """Submit an enterprise's report for a period.

    With an idempotency key, a retry with the same key and the same report and values returns
    the stored submission and writes nothing; the same key with anything different is refused.
    A second submission of an already submitted report (another key, or none) is refused: a
    correction is a revision with a reason.

    A report without a draft is inserted already submitted (one row, one history row): at a
    deadline thousands arrive at once, so the path is kept to the queries it needs (the
    enterprise, scope, target and department in one; the (period, enterprise) row and the key's
    row in one). The returned submission carries its period, enterprise (with zone), version and
    submitter, so the caller can show it without reading it again.
    """
    idempotency_key = (idempotency_key or "").strip() or None
    max_key = Submission._meta.get_field("idempotency_key").max_length
    if idempotency_key and len(idempotency_key) > max_key:
        raise ValidationError({"idempotency_key": _("Khóa chống gửi trùng dài quá %(max)s ký tự.") % {"max": max_key}})
    with transaction.atomic():
        reporting = _check_may_report(user, Action.ADD, period, enterprise)
        period, enterprise = reporting.period, reporting.enterprise
        existing, keyed = _locked_submission_and_key(period, enterprise, idempotency_key)
        version = _version_for(reporting, existing)
        cleaned, errors = clean_values(version, values)
        _raise_errors(errors)
        if keyed is not None:
            return _replayed(user, _replay_of(keyed, idempotency_key, period, enterprise, cleaned))
        for attempt in (1, 2):
            submission = existing or Submission(period=period, enterprise=enterprise, version=version)
            if submission.is_submitted:
                replay = _replay(idempotency_key, period, enterprise, cleaned) if idempotency_key else None
                if replay is not None:
                    return _replayed(user, replay)
                raise _already_submitted(submission)
            submission.status = SubmissionStatus.SUBMITTED
            submission.values = cleaned
            submission.submitted_at = timezone.now()
            submission.submitted_by = user
            submission.idempotency_key = idempotency_key
            submission.revision = 1
            if existing is None:
                # A new row, as at a deadline nearly always: the row, its audit-history row and its
                # first revision as save() and create() would write them, without the ORM building
                # them at every report (one statement on PostgreSQL), and without a savepoint: ON
                # CONFLICT DO NOTHING tells a race apart without failing the transaction.
                revision = Revision(number=1, values=cleaned, created_by=user)
                stored = rows.insert_created(submission, user=user, reason=_("Nộp báo cáo"), children=[revision],
                                             unless_conflict=True)
            else:
                try:
                    with transaction.atomic():
                        submission._history_user = user
                        submission._change_reason = _("Nộp báo cáo")
                        submission.save()
                    Revision.objects.create(submission=submission, number=1, values=cleaned, created_by=user)
                    stored = True
                except IntegrityError:  # the key was stored meanwhile by another request
                    stored = False
            if stored:
                consolidation.totals_apply(submission, before=None, after=cleaned, where=reporting.where)
                # The checks above are the ADD scope of this enterprise: no second look is needed.
                submission.period, submission.enterprise = period, enterprise
                return submission
            # Another request stored this key, or created this (period, enterprise) row, between
            # our checks and our write: a replay answers with it; otherwise wait for the other's
            # row, lock it and decide again (it may be a draft to submit).
            replay = _replay(idempotency_key, period, enterprise, cleaned) if idempotency_key else None
            if replay is not None:
                return _replayed(user, replay)
            existing = _locked_submission(period, enterprise)
            if existing is None or attempt == 2:
                raise IntegrityError(f"submission of enterprise {enterprise.pk} for period {period.pk} not stored")
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _locked_submission_and_key(period, enterprise, key) -> tuple[Submission | None, Submission | None]:
    """In one query: the locked row of (period, enterprise), and the row stored under ``key``
    (None for each that does not exist). The key's row, if it is another report's, is locked
    only until this transaction ends; nothing waits on it but a retry of the same key.

    At a deadline neither exists nearly always: that answer is one plain statement, and the
    rows are read through the ORM only when there are some."""
    quote = connection.ops.quote_name
    sql = (f"SELECT id FROM {quote(Submission._meta.db_table)} WHERE (period_id = %s AND enterprise_id = %s)"
           + (" OR idempotency_key = %s" if key else "")
           + (" FOR UPDATE" if connection.features.has_select_for_update else ""))
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.pk, enterprise.pk] + ([key] if key else []))
        ids = [row[0] for row in cursor.fetchall()]
    existing = keyed = None
    for row in Submission.objects.filter(pk__in=ids).order_by() if ids else ():
        if row.period_id == period.pk and row.enterprise_id == enterprise.pk:
            existing = row
        if key and row.idempotency_key == key:
            keyed = row
    return existing, keyed


def _replay(key, period, enterprise, cleaned) -> Submission | None:
    """The submission stored under ``key`` if this request repeats it; None if the key is new."""
    stored = Submission.objects.filter(idempotency_key=key).first()
    if stored is None:
        return None
    return _replay_of(stored, key, period, enterprise, cleaned)


def _replay_of(stored, key, period, enterprise, cleaned) -> Submission:
    """``stored`` (the submission under ``key``) if this request repeats it, else refused."""
    first = stored.revisions.filter(number=1).first()
    if stored.period_id != period.pk or stored.enterprise_id != enterprise.pk or first is None \
            or first.values != cleaned:
        raise ValidationError(_(
            "Khóa chống gửi trùng “%(key)s” đã được dùng cho một lần nộp khác với số liệu khác. Hãy dùng khóa mới "
            "cho mỗi báo cáo."
        ) % {"key": key}, code="idempotency_conflict")
    return stored


def submission_revise(*, user, submission: Submission, values: dict, reason: str) -> Submission:
    """Correct a submitted report: a new revision with a reason; earlier revisions stay."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do điều chỉnh báo cáo.")})
    with transaction.atomic():
        if not role_allows(user, Submission, Action.CHANGE):
            raise PermissionDenied
        current = (Submission.objects.restrict(user, Action.CHANGE).select_for_update(of=("self",)).order_by()
                   .filter(pk=submission.pk).first())
        if current is None:
            raise PermissionDenied
        reporting = _check_may_report(user, Action.CHANGE, current.period, current.enterprise)
        if not current.is_submitted:
            raise ValidationError(_("Báo cáo này chưa được nộp; hãy sửa bản nháp rồi nộp."))
        cleaned, errors = clean_values(current.version, values)
        _raise_errors(errors)
        previous = current.values
        current.revision += 1
        current.values = cleaned
        current.full_clean(validate_unique=False)
        current._history_user = user
        current._change_reason = reason
        current.save()
        Revision.objects.create(submission=current, number=current.revision, values=cleaned, reason=reason,
                                created_by=user)
        consolidation.totals_apply(current, before=previous, after=cleaned, where=reporting.where)
        return _finish(user, Action.CHANGE, current)


# --- Approval: department → board → leader (the chain is read by approvals.py) ----------------


def _approval_context(user, period, level, department):
    """Lock the period row (approvals of one period queue up), then read the chain as ``user``
    sees it. A period or a step outside the user's reach is "not found"."""
    if level not in ApprovalLevel.values:
        raise PermissionDenied
    if not role_allows(user, Approval, Action.ADD):
        raise PermissionDenied
    current = (Period.objects.restrict(user, Action.VIEW).select_for_update(of=("self",)).order_by()
               .select_related("schedule").filter(pk=period.pk).first())
    if current is None:
        raise PermissionDenied
    department_id = department.pk if department is not None and level == ApprovalLevel.DEPARTMENT else None
    chain = approvals.chain_of(current, user)
    step = chain.step(level, department_id)
    if step is None:
        raise PermissionDenied
    return current, chain, step, approvals.actor_for(user, current.schedule.board_id)


def _record(user, period, level, department_id, status, comment, at) -> Approval:
    approval = Approval(period=period, level=level, department_id=department_id, status=status, by=user, at=at,
                        comment=comment)
    approval.full_clean()
    approval._history_user = user
    approval.save()
    return approval


def approval_approve(*, user, period: Period, level: str, department: Department | None = None,
                     comment: str = "") -> Approval:
    """Approve one level of a period's chain.

    A department's head approves the department's zones (then their reports are locked); the
    consolidating department's head approves the board total once every department approved; a
    board leader signs off once the board total is approved, which locks the period.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        period, chain, step, actor = _approval_context(user, period, level, department)
        if not actor.may_act(level, step.department_id):
            raise PermissionDenied
        if step.is_approved:
            raise ValidationError(_("Cấp này đã được duyệt lúc %(at)s.")
                                  % {"at": timezone.localtime(step.current.at).strftime("%H:%M %d/%m/%Y")},
                                  code="already_approved")
        if level == ApprovalLevel.DEPARTMENT:
            if chain.leader.is_approved:
                raise ValidationError(_("Kỳ báo cáo đã được lãnh đạo Ban ký duyệt."), code="signed")
            # Reports being written for this department's zones finish first (see _check_not_approved).
            list(Department.objects.select_for_update().filter(pk=step.department_id).values_list("pk", flat=True))
        elif level == ApprovalLevel.BOARD:
            waiting = [step.department.name for step in chain.departments if not step.is_approved]
            if waiting or not chain.departments:
                raise ValidationError(_("Chưa duyệt được tổng hợp toàn Ban: còn chờ %(departments)s duyệt.")
                                      % {"departments": ", ".join(waiting) or _("các phòng")}, code="not_ready")
        elif not chain.board.is_approved:
            raise ValidationError(_("Chưa ký duyệt được: tổng hợp toàn Ban chưa được phòng đầu mối duyệt."),
                                  code="not_ready")
        approval = _record(user, period, level, step.department_id, ApprovalStatus.APPROVED, comment,
                           timezone.now())
        if level == ApprovalLevel.LEADER:
            _lock(period, user, _("Lãnh đạo Ban ký duyệt"))
        _approval_notify(period, approval, chain)
    return approval


def approval_return(*, user, period: Period, level: str, department: Department | None = None,
                    comment: str) -> Approval:
    """Return (mở lại) an approved level with a reason: its reports can be corrected again, and
    every approved level above it is voided, so the correction goes back through approval.

    The level's approver or the approver of a level above may return it; once the leader signed
    off, only a board leader may (and returning unlocks the period).
    """
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Hãy ghi lý do trả lại.")})
    with transaction.atomic():
        period, chain, step, actor = _approval_context(user, period, level, department)
        if not actor.may_return(level, step.department_id):
            raise PermissionDenied
        if not step.is_approved:
            raise ValidationError(_("Cấp này chưa được duyệt nên không có gì để trả lại."), code="not_approved")
        if chain.leader.is_approved and not actor.leader:
            raise ValidationError(_("Kỳ báo cáo đã được lãnh đạo Ban ký duyệt; chỉ lãnh đạo Ban mới mở lại được."),
                                  code="signed")
        now = timezone.now()
        returned = _record(user, period, level, step.department_id, ApprovalStatus.RETURNED, comment, now)
        above = approvals.ORDER[approvals.ORDER.index(level) + 1:]
        for upper in above:
            upper_step = chain.step(upper)
            if upper_step.is_approved:
                _record(user, period, upper, None, ApprovalStatus.RETURNED,
                        _("Mở lại do một cấp dưới được trả lại: %(comment)s") % {"comment": comment}, now)
        if chain.leader.is_approved:
            period.locked_at = None
            period.locked_by = None
            period._history_user = user
            period._change_reason = _("Mở lại kỳ báo cáo: %(comment)s") % {"comment": comment}
            period.save()
    return returned


def _approval_notify(period, approval, chain):
    """Tell the next level: the consolidating department's head when a department approved,
    the board's leaders when the board total is approved (sent after commit)."""
    from kcn.communications.services import notify

    board_id = period.schedule.board_id
    if approval.level == ApprovalLevel.DEPARTMENT and chain.consolidating is not None:
        recipients = [staff.user for staff in Staff.objects.filter(
            department=chain.consolidating, position__in=approvals.DEPARTMENT_HEAD_POSITIONS).select_related("user")]
        title = _("%(department)s đã duyệt báo cáo kỳ %(period)s") % {
            "department": approval.department.name, "period": period.label}
    elif approval.level == ApprovalLevel.BOARD:
        recipients = [staff.user for staff in Staff.objects.filter(
            board_id=board_id, department__isnull=True, position__in=approvals.LEADER_POSITIONS)
            .select_related("user")]
        title = _("Tổng hợp toàn Ban kỳ %(period)s đã được duyệt, chờ lãnh đạo ký duyệt") % {"period": period.label}
    else:
        return
    if recipients:
        notify(recipients=recipients, title=title, body=str(period.schedule),
               url=reverse("reporting:period_detail", args=[period.pk]))


# --- Designing templates and schedules (the design pages and the writable API) ----------------


def field_delete(*, user, instance: Field) -> None:
    """Remove a field from a draft version; a published version's fields never change."""
    from kcn.core.services import scoped_delete

    with transaction.atomic():
        _draft_version(user, instance.version_id)
        scoped_delete(user=user, model=Field, instance=instance)


def rule_delete(*, user, instance: CrossFieldRule) -> None:
    """Remove a cross-field rule from a draft version."""
    from kcn.core.services import scoped_delete

    with transaction.atomic():
        _draft_version(user, instance.version_id)
        scoped_delete(user=user, model=CrossFieldRule, instance=instance)


def _target_errors(user, data) -> dict:
    """What is wrong with a schedule's target (zones, sector, list), by field."""
    from kcn.registry.models import Zone

    from .choices import TargetKind

    board = data.get("board")
    target = data.get("target")
    zones, enterprises = list(data.get("zones") or []), list(data.get("enterprises") or [])
    errors = {}
    if target == TargetKind.ZONES:
        if not zones:
            errors["zones"] = _("Hãy chọn ít nhất một khu công nghiệp có doanh nghiệp phải báo cáo.")
        elif board is not None and any(zone.board_id != board.pk for zone in zones):
            errors["zones"] = _("Chỉ chọn được các khu công nghiệp của ban quản lý đã chọn.")
        elif Zone.objects.restrict(user, Action.VIEW).filter(pk__in=[z.pk for z in zones]).count() != len(
                {z.pk for z in zones}):
            errors["zones"] = _("Có khu công nghiệp không tồn tại hoặc nằm ngoài phạm vi của bạn.")
    elif target == TargetKind.LIST:
        if not enterprises:
            errors["enterprises"] = _("Hãy chọn ít nhất một doanh nghiệp phải báo cáo.")
        elif board is not None and Enterprise.objects.filter(
                pk__in=[e.pk for e in enterprises], zone__board=board).count() != len({e.pk for e in enterprises}):
            errors["enterprises"] = _("Chỉ chọn được doanh nghiệp thuộc các khu công nghiệp của ban quản lý đã chọn.")
    return errors


def schedule_save(*, user, instance=None, data) -> Schedule:
    """Create or change a schedule with its target, zones and enterprise list in one transaction.

    Only what the chosen target uses is kept (a sector schedule has no zones or list), so a
    schedule never reports to enterprises its page does not show. The schedule, its zones and
    its list are saved, and scope re-checked, inside the same transaction as ``scoped_save``'s.
    """
    from .choices import TargetKind

    data = dict(data)
    target = data.get("target")
    if target != TargetKind.ZONES:
        data["zones"] = []
    if target != TargetKind.SECTOR:
        data["sector"] = ""
    if target != TargetKind.LIST:
        data["enterprises"] = []
    errors = _target_errors(user, data)
    if target == TargetKind.SECTOR and not data.get("sector"):
        errors["sector"] = _("Hãy chọn ngành của các doanh nghiệp phải báo cáo.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return scoped_save(user=user, model=Schedule, instance=instance, data=data)


def schedule_deactivate(*, user, instance: Schedule) -> Schedule:
    """Stop a schedule: no new periods open; its periods and reports stay."""
    return scoped_save(user=user, model=Schedule, instance=instance, data={"is_active": False},
                       reason=_("Ngừng áp dụng lịch báo cáo"))


def schedule_preview(schedule: Schedule, *, on: datetime.date, count: int = 3) -> list[dict]:
    """The next ``count`` periods of a (possibly unsaved) schedule from ``on``, with their deadline.

    Pure: nothing is written. An ad hoc schedule has no cycle, so it has no preview.
    """
    if schedule.frequency == Frequency.AD_HOC or not schedule.frequency:
        return []
    result = []
    start, _end = periods.period_bounds(schedule.frequency, schedule.convention, on)
    for _step in range(count):
        start, end = periods.period_bounds(schedule.frequency, schedule.convention, start)
        result.append({
            "start": start, "end": end, "label": periods.period_label(schedule.frequency, start, end),
            "due_at": periods.due_at(end, due_time=schedule.due_time, due_day_offset=schedule.due_day_offset or 0),
        })
        start = end + datetime.timedelta(days=1)
    return result
