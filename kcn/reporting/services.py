"""Writes to reporting. Pages, the API, uploads and commands all come through here.

Submitting follows one path whatever the channel: check the role and the enterprise's scope,
check the period (started, not locked) and that the enterprise must report under its schedule,
clean the values against the template version, lock the (period, enterprise) row, then write,
and add the report (or a revision's difference) to the consolidated totals in the same
transaction (``consolidation.totals_apply``).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.core.services import scoped_save
from kcn.registry import scope as registry_scope
from kcn.registry.models import Enterprise

from . import consolidation, periods
from .choices import SubmissionStatus
from .models import CrossFieldRule, Field, Period, ReportTemplate, Revision, Schedule, Submission, TemplateVersion
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


def schedule_save(*, user, instance=None, data) -> Schedule:
    return scoped_save(user=user, model=Schedule, instance=instance, data=data)


def period_ensure(*, schedule: Schedule, around: datetime.date, before: int = 0, after: int = 0) -> list[Period]:
    """The periods of ``schedule`` containing ``around``, plus ``before`` earlier and ``after``
    later ones, creating those that do not exist yet. Safe to run concurrently and repeatedly
    (the scheduler calls it; it acts for the system, not a user)."""
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
        if current.locked_at is None:
            current.locked_at = timezone.now()
            current.locked_by = user
            current._history_user = user
            current._change_reason = reason or _("Khóa kỳ báo cáo")
            current.save()
    return current


# --- Submissions -----------------------------------------------------------------------------


def _check_may_report(user, action, period: Period, enterprise: Enterprise):
    """Refuse (as "not found") an enterprise outside the user's reach; refuse with a reason a
    period that is locked, not started, or whose schedule does not ask this enterprise."""
    if not role_allows(user, Submission, action):
        raise PermissionDenied
    condition = registry_scope.enterprise_q(user, action)
    allowed = Enterprise.objects.filter(pk=enterprise.pk)
    if not user.is_superuser and condition is not None:
        allowed = allowed.filter(condition)
    if not allowed.exists():
        raise PermissionDenied
    period = Period.objects.select_related("schedule").get(pk=period.pk)
    if period.is_locked:
        raise ValidationError(_(
            "Kỳ báo cáo %(period)s đã được duyệt và khóa từ %(at)s; không nộp hay sửa được nữa."
        ) % {"period": period.label, "at": timezone.localtime(period.locked_at).strftime("%H:%M %d/%m/%Y")})
    if period.start > timezone.localdate():
        raise ValidationError(_("Kỳ báo cáo %(period)s chưa bắt đầu.") % {"period": period.label})
    if not period.schedule.target_enterprises().filter(pk=enterprise.pk).exists():
        raise ValidationError(_("%(enterprise)s không thuộc đối tượng phải báo cáo theo “%(schedule)s”.")
                              % {"enterprise": enterprise, "schedule": period.schedule})
    return period


def _version_for(period: Period, submission: Submission | None) -> TemplateVersion:
    if submission is not None:
        return submission.version
    version = period.schedule.template.current_version()
    if version is None:
        raise ValidationError(_("Mẫu báo cáo “%(template)s” chưa có phiên bản nào được ban hành.")
                              % {"template": period.schedule.template})
    return version


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


def submission_save_draft(*, user, period: Period, enterprise: Enterprise, values: dict) -> Submission:
    """Save what has been filled in so far. Types and limits are checked; required fields and
    cross-field rules wait for the submission."""
    with transaction.atomic():
        period = _check_may_report(user, Action.ADD, period, enterprise)
        submission = _locked_submission(period, enterprise)
        version = _version_for(period, submission)
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
    """
    idempotency_key = (idempotency_key or "").strip() or None
    with transaction.atomic():
        period = _check_may_report(user, Action.ADD, period, enterprise)
        version = _version_for(period, _locked_submission(period, enterprise))
        cleaned, errors = clean_values(version, values)
        _raise_errors(errors)
        if idempotency_key:
            replay = _replay(idempotency_key, period, enterprise, cleaned)
            if replay is not None:
                return _finish(user, Action.VIEW, replay)
        try:
            with transaction.atomic():
                submission, _created = _create_or_lock(period, enterprise, version, user)
                if submission.is_submitted:
                    replay = _replay(idempotency_key, period, enterprise, cleaned) if idempotency_key else None
                    if replay is not None:
                        return _finish(user, Action.VIEW, replay)
                    raise _already_submitted(submission)
                submission.status = SubmissionStatus.SUBMITTED
                submission.values = cleaned
                submission.submitted_at = timezone.now()
                submission.submitted_by = user
                submission.idempotency_key = idempotency_key
                submission.revision = 1
                submission.full_clean(validate_unique=False)
                submission._history_user = user
                submission._change_reason = _("Nộp báo cáo")
                submission.save()
                Revision.objects.create(submission=submission, number=1, values=cleaned, created_by=user)
                consolidation.totals_apply(submission, before=None, after=cleaned)
        except IntegrityError:
            # Only the idempotency key can clash here: another report was stored under it
            # between our check and our write.
            replay = _replay(idempotency_key, period, enterprise, cleaned) if idempotency_key else None
            if replay is None:
                raise
            return _finish(user, Action.VIEW, replay)
        return _finish(user, Action.ADD, submission)


def _replay(key, period, enterprise, cleaned) -> Submission | None:
    """The submission stored under ``key`` if this request repeats it; None if the key is new."""
    stored = Submission.objects.filter(idempotency_key=key).first()
    if stored is None:
        return None
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
        _check_may_report(user, Action.CHANGE, current.period, current.enterprise)
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
        consolidation.totals_apply(current, before=previous, after=cleaned)
        return _finish(user, Action.CHANGE, current)
