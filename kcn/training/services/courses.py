"""Writes of the courses area: programmes, courses and their modules, sessions and their days, the
trainee roster, enrolments and coaching at enterprises.

Every write is one transaction that re-checks the user's scope inside it (core's ``scoped_save``
or ``restrict`` on the parent), validates with ``full_clean`` and saves all or nothing.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.services import VERSION_FIELD, require_permission, scoped_save

from ..choices import CoachingStatus, DayKind, EnrolmentStatus
from ..models import (
    Coaching,
    Course,
    CourseModule,
    Enrolment,
    Programme,
    SectorExperience,
    Session,
    SessionDay,
    Trainee,
)

# Provinces were merged on this day: a course that started before it records the old province.
PROVINCE_REFORM_DATE = datetime.date(2025, 7, 1)
COACHING_MAX_DAYS = 2
# What a trainee may change on their own roster entry.
TRAINEE_SELF_FIELDS = ("phone", "experience")


def _in_scope(model, user, action, pk):
    """The row if the user may ``action`` it; otherwise PermissionDenied (shown as not found)."""
    current = model.objects.restrict(user, action).filter(pk=pk).first()
    if current is None:
        raise PermissionDenied
    return current


def uses_legacy_provinces(course) -> bool:
    """A course that started before 1 July 2025 recorded provinces by their old names."""
    return bool(course.start_date and course.start_date < PROVINCE_REFORM_DATE)


# --- programmes


def programme_save(*, user, instance=None, data: dict) -> Programme:
    """Create or update a programme. A manager who creates one manages it."""
    data = dict(data)
    if instance is None and user.role == Role.PROGRAMME_MANAGER:
        managers = list(data.get("managers") or [])
        if user not in managers:
            managers.append(user)
        data["managers"] = managers
    return scoped_save(user=user, model=Programme, instance=instance, data=data)


# --- courses and modules


def course_save(*, user, instance=None, data: dict, modules: list[str] | None = None) -> Course:
    """Create or update a course; ``modules`` (titles in order), when given, replaces its module list.

    Modules keep their rows (and the sessions that cover them) where the order is unchanged;
    modules past the new list's end are removed.
    """
    data = dict(data)
    programme = data.get("programme")
    if programme is not None:
        _in_scope(Programme, user, Action.CHANGE, programme.pk)
    with transaction.atomic():
        course = scoped_save(user=user, model=Course, instance=instance, data=data)
        if modules is not None:
            _sync_modules(course, [title.strip() for title in modules if title.strip()])
    return course


def _sync_modules(course, titles):
    existing = {module.order: module for module in course.modules.all()}
    for order, title in enumerate(titles, start=1):
        module = existing.pop(order, None) or CourseModule(course=course, order=order)
        if module.title != title:
            module.title = title
            module.full_clean()
            module.save()
    CourseModule.objects.filter(pk__in=[module.pk for module in existing.values()]).delete()


# --- sessions and days


def _session_dates(start, end):
    return [start + datetime.timedelta(days=offset) for offset in range((end - start).days + 1)]


def _check_session(course, data):
    errors = {}
    trainers = list(data.get("trainers") or [])
    taught = set(course.trainers.values_list("pk", flat=True))
    strangers = [str(trainer.full_name or trainer.username) for trainer in trainers if trainer.pk not in taught]
    if strangers:
        errors["trainers"] = _("%(names)s không phải giảng viên của khóa này.") % {"names": ", ".join(strangers)}
    modules = list(data.get("modules") or [])
    if any(module.course_id != course.pk for module in modules):
        errors["modules"] = _("Chỉ chọn module của khóa này.")
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and course.start_date and not (course.start_date <= start and end <= course.end_date):
        errors["start_date"] = _("Đợt phải nằm trong thời gian của khóa (%(start)s – %(end)s).") % {
            "start": f"{course.start_date:%d/%m/%Y}", "end": f"{course.end_date:%d/%m/%Y}"}
    if errors:
        raise ValidationError(errors)


def session_save(*, user, instance=None, data: dict) -> Session:
    """Create or update a session (đợt) and keep its days in step with its dates.

    A new session gets one day per date, in class, and its last day visiting a factory. When the
    dates change, days outside them go (refused if attendance was recorded on one) and the new
    dates are added in class; the manager then marks half days and field days on the session page.
    """
    data = dict(data)
    course = data.get("course") or (instance.course if instance else None)
    if course is None:
        raise ValidationError({"course": _("Chọn khóa của đợt.")})
    course = _in_scope(Course, user, Action.CHANGE, course.pk)
    data["course"] = course
    _check_session(course, data)
    with transaction.atomic():
        if instance is None and not data.get("number"):
            data["number"] = (course.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
        session = scoped_save(user=user, model=Session, instance=instance, data=data)
        _sync_days(session, created=instance is None)
    return session


def _sync_days(session, created):
    dates = _session_dates(session.start_date, session.end_date)
    days = {day.date: day for day in session.days.all()}
    outside = [day for date, day in days.items() if date not in dates]
    if any(day.attendances.exists() for day in outside):
        raise ValidationError({"start_date": _("Không thể bỏ ngày đã có điểm danh khỏi đợt.")})
    SessionDay.objects.filter(pk__in=[day.pk for day in outside]).delete()
    for date in dates:
        if date in days:
            continue
        kind = DayKind.FIELD if created and date == dates[-1] and len(dates) > 1 else DayKind.CLASS
        day = SessionDay(session=session, date=date, kind=kind)
        day.full_clean()
        day.save()


def session_days_update(*, user, session, rows: list[dict]) -> Session:
    """Set kind, half day and topic of a session's days: ``rows`` = [{day, kind, half_day, topic}]."""
    require_permission(user, SessionDay, Action.CHANGE)
    with transaction.atomic():
        session = _in_scope(Session, user, Action.CHANGE, session.pk)
        days = {day.pk: day for day in session.days.select_for_update()}
        for row in rows:
            day = days.get(row["day"].pk if hasattr(row["day"], "pk") else row["day"])
            if day is None:
                raise ValidationError(_("Ngày này không thuộc đợt."))
            day.kind, day.half_day, day.topic = row["kind"], bool(row.get("half_day")), row.get("topic", "")
            day.full_clean()
            day._history_user = user
            day.save()
    return session


def session_day_add(*, user, session, date, kind=DayKind.CLASS, half_day=False, topic="") -> SessionDay:
    """One more day of a session; a date outside the session's dates is refused."""
    require_permission(user, SessionDay, Action.ADD)
    with transaction.atomic():
        session = _in_scope(Session, user, Action.CHANGE, session.pk)
        if session.days.filter(date=date).exists():
            raise ValidationError({"date": _("Ngày này đã có trong đợt.")})
        day = SessionDay(session=session, date=date, kind=kind, half_day=half_day, topic=topic)
        day.full_clean()
        day._history_user = user
        day.save()
    return day


# --- trainees


def _check_email(instance, email):
    if email and Trainee.objects.filter(email__iexact=email).exclude(pk=getattr(instance, "pk", None)).exists():
        raise ValidationError({"email": _("Thư điện tử %(email)s đã có trong danh sách học viên.") % {
            "email": email}})


def trainee_save(*, user, instance=None, data: dict) -> Trainee:
    """Create or update a roster entry; ``sectors`` (codes) replaces the sectors they have experience in.

    A trainee may update only their own phone, experience and sectors.
    """
    data = dict(data)
    sectors = data.pop("sectors", None)
    if user.role == Role.TRAINEE:
        if instance is None:
            raise PermissionDenied
        data = {key: value for key, value in data.items() if key in (*TRAINEE_SELF_FIELDS, VERSION_FIELD)}
    _check_email(instance, data.get("email"))
    with transaction.atomic():
        trainee = scoped_save(user=user, model=Trainee, instance=instance, data=data)
        if sectors is not None:
            codes = sorted(set(sectors))
            trainee.sectors.exclude(sector__in=codes).delete()
            have = set(trainee.sectors.values_list("sector", flat=True))
            for code in codes:
                if code not in have:
                    row = SectorExperience(trainee=trainee, sector=code)
                    row.full_clean()
                    row.save()
    return trainee


# --- enrolments


def enrolment_create(*, user, course, trainee=None, new_trainee: dict | None = None, organisation="",
                     organisation_type="", province=None, legacy_province=None, enrolled_on=None) -> Enrolment:
    """Enrol an existing trainee, or one created here from ``new_trainee``, on a course.

    The enrolment keeps where the person worked then: the organisation, its type and province
    given, or else the trainee's current ones. For a course before 1 July 2025 the old province
    (``legacy_province``) is recorded and the current one derived from it.
    """
    require_permission(user, Enrolment, Action.ADD)
    with transaction.atomic():
        course = _in_scope(Course, user, Action.CHANGE, course.pk)
        if trainee is None and new_trainee:
            trainee = trainee_save(user=user, data=new_trainee)
        if trainee is None:
            raise ValidationError({"trainee": _("Chọn học viên hoặc nhập thông tin học viên mới.")})
        trainee = _in_scope(Trainee, user, Action.VIEW, trainee.pk)
        if Enrolment.objects.filter(course=course, trainee=trainee).exists():
            raise ValidationError({"trainee": _duplicate_message(trainee)})
        enrolment = Enrolment(course=course, trainee=trainee, organisation=organisation or trainee.organisation,
                              organisation_type=organisation_type or trainee.organisation_type,
                              enrolled_on=enrolled_on or timezone.localdate())
        if uses_legacy_provinces(course) and legacy_province is not None:
            enrolment.legacy_province = legacy_province
        else:
            enrolment.province = province or trainee.province
        enrolment.full_clean(validate_constraints=False)
        enrolment._history_user = user
        try:
            with transaction.atomic():
                enrolment.save()
        except IntegrityError as error:  # a concurrent enrolment of the same person
            raise ValidationError({"trainee": _duplicate_message(trainee)}) from error
        if not Enrolment.objects.restrict(user, Action.ADD).filter(pk=enrolment.pk).exists():
            raise PermissionDenied
    return enrolment


def _duplicate_message(trainee):
    return _("%(trainee)s đã ghi danh khóa này.") % {"trainee": trainee.full_name}


def enrolment_withdraw(*, user, enrolment) -> Enrolment:
    """Mark a trainee as withdrawn from the course (the record stays, with its attendance)."""
    require_permission(user, Enrolment, Action.CHANGE)
    with transaction.atomic():
        current = Enrolment.objects.restrict(user, Action.CHANGE).filter(pk=enrolment.pk).select_for_update(
            of=("self",)).order_by().first()
        if current is None:
            raise PermissionDenied
        if current.status == EnrolmentStatus.WITHDRAWN:
            raise ValidationError(_("Học viên đã rút khỏi khóa này."))
        current.status = EnrolmentStatus.WITHDRAWN
        current.full_clean(validate_constraints=False)
        current._history_user = user
        current.save()
    return current


# --- coaching


def _check_coaching(session, data):
    errors = {}
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end >= start and (end - start).days + 1 > COACHING_MAX_DAYS:
        errors["end_date"] = _("Hướng dẫn tại doanh nghiệp kéo dài 1 hoặc 2 ngày.")
    taught = set(session.course.trainers.values_list("pk", flat=True))
    strangers = [str(trainer.full_name or trainer.username) for trainer in data.get("trainers") or []
                 if trainer.pk not in taught]
    if strangers:
        errors["trainers"] = _("%(names)s không phải giảng viên của khóa này.") % {"names": ", ".join(strangers)}
    if any(enrolment.course_id != session.course_id for enrolment in data.get("participants") or []):
        errors["participants"] = _("Chỉ chọn học viên đã ghi danh khóa này.")
    due = data.get("report_due")
    if due and end and due < end:
        errors["report_due"] = _("Hạn nộp báo cáo thu hoạch không được trước ngày kết thúc hướng dẫn.")
    if errors:
        raise ValidationError(errors)


def coaching_save(*, user, instance=None, data: dict) -> Coaching:
    """Schedule (or change) coaching at a demonstration enterprise after a session, 1–2 days."""
    data = dict(data)
    session = data.get("session") or (instance.session if instance else None)
    if session is None:
        raise ValidationError({"session": _("Chọn đợt đào tạo trước buổi hướng dẫn.")})
    session = _in_scope(Session, user, Action.VIEW, session.pk)
    data["session"] = session
    _check_coaching(session, data)
    return scoped_save(user=user, model=Coaching, instance=instance, data=data)


def coaching_mark_done(*, user, coaching, notes: str = "") -> Coaching:
    """Record that the coaching took place, with what was done at the enterprise."""
    require_permission(user, Coaching, Action.CHANGE)
    with transaction.atomic():
        current = Coaching.objects.restrict(user, Action.CHANGE).filter(pk=coaching.pk).select_for_update(
            of=("self",)).order_by().first()
        if current is None:
            raise PermissionDenied
        if current.status == CoachingStatus.CANCELLED:
            raise ValidationError(_("Buổi hướng dẫn đã hủy nên không ghi nhận được."))
        if current.start_date > timezone.localdate():
            raise ValidationError(_("Buổi hướng dẫn chưa diễn ra."))
        current.status = CoachingStatus.DONE
        if notes:
            current.notes = notes
        current.full_clean()
        current._history_user = user
        current.save()
    return current
