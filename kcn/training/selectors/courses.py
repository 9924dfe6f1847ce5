"""Reads of the courses area that pages, the API and the home panels share; each takes the acting user."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.text import search_key

from ..choices import CourseStatus, DayKind, EnrolmentStatus
from ..models import Coaching, Course, Enrolment, Feedback, FieldReport, Programme, Session, SessionDay, Trainee


def programme_list(*, user, action=Action.VIEW):
    return Programme.objects.restrict(user, action).annotate(course_count=Count("courses", distinct=True))


def course_list(*, user, action=Action.VIEW):
    return Course.objects.restrict(user, action).select_related("programme").annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED), distinct=True),
        session_count=Count("sessions", distinct=True))


def trainee_list(*, user, action=Action.VIEW):
    return Trainee.objects.restrict(user, action).select_related("province").annotate(
        course_count=Count("enrolments", distinct=True))


def coaching_list(*, user, action=Action.VIEW):
    return Coaching.objects.restrict(user, action).select_related("session__course__programme").annotate(
        participant_count=Count("participants", distinct=True))


def trainee_search(queryset, text):
    """Rows of ``queryset`` whose name, organisation or e-mail contains ``text``, diacritics ignored."""
    key = search_key(text)
    return queryset.filter(search_text__contains=key) if key else queryset


@dataclass
class SessionTotals:
    class_days: float = 0
    field_days: float = 0
    dates: list = field(default_factory=list)


def session_totals(days) -> SessionTotals:
    """Days in class and days visiting factories, a half day counting 0.5 (3.5 + 1)."""
    totals = SessionTotals()
    for day in days:
        if day.kind == DayKind.FIELD:
            totals.field_days += day.length
        else:
            totals.class_days += day.length
        totals.dates.append(day.date)
    return totals


def course_sessions(*, user, course):
    """The course's sessions with their days, trainers and modules, each with its totals."""
    sessions = list(Session.objects.restrict(user, Action.VIEW).filter(course=course).select_related(
        "province", "legacy_province__successor").prefetch_related("days", "trainers", "modules"))
    for session in sessions:
        session.totals = session_totals(session.days.all())
    return sessions


def course_enrolments(*, user, course):
    return Enrolment.objects.restrict(user, Action.VIEW).filter(course=course).select_related(
        "trainee", "province", "legacy_province__successor", "band")


def course_coachings(*, user, course):
    return Coaching.objects.restrict(user, Action.VIEW).filter(session__course=course).select_related(
        "session").prefetch_related("trainers").annotate(participant_count=Count("participants", distinct=True))


def my_training(*, user, today=None) -> dict:
    """A trainee's own page: enrolments, today's days, coaching and reports due, feedback owed, certificates."""
    today = today or timezone.localdate()
    trainee = Trainee.objects.filter(user_id=user.pk).first()
    if trainee is None:
        return {"trainee": None}
    enrolments = list(Enrolment.objects.restrict(user, Action.VIEW).filter(trainee=trainee).select_related(
        "course__programme", "band").prefetch_related(
        Prefetch("course__sessions", queryset=Session.objects.order_by("number"))))
    active = [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    days = list(SessionDay.objects.restrict(user, Action.VIEW).filter(
        date=today, session__course__in=[e.course_id for e in active]).select_related("session__course"))
    reported = set(FieldReport.objects.filter(enrolment__in=enrolments).values_list("coaching_id", flat=True))
    coachings = list(Coaching.objects.restrict(user, Action.VIEW).filter(participants__in=enrolments).distinct()
                     .select_related("session__course").order_by("start_date", "pk"))
    for coaching in coachings:
        coaching.report_done = coaching.pk in reported
    given = set(Feedback.objects.filter(enrolment__in=enrolments).values_list("session_id", flat=True))
    feedback_due = [session for enrolment in active for session in enrolment.course.sessions.all()
                    if session.start_date <= today and session.pk not in given]
    certificates = [e.certificate for e in enrolments if hasattr(e, "certificate")]
    return {"trainee": trainee, "enrolments": enrolments, "days": days, "coachings": coachings,
            "feedback_due": feedback_due, "certificates": certificates, "today": today}


def trainer_today(*, user, today=None) -> dict:
    """A trainer's running courses (a manager's: those of their programmes) and today's days in them."""
    today = today or timezone.localdate()
    courses = Course.objects.restrict(user, Action.VIEW).filter(status=CourseStatus.RUNNING)
    if user.role == Role.TRAINER:
        courses = courses.filter(trainers=user)
    courses = list(courses.select_related("programme").order_by("start_date", "pk"))
    days = list(SessionDay.objects.restrict(user, Action.VIEW).filter(date=today, session__course__in=courses)
                .select_related("session__course").order_by("session__course", "pk"))
    return {"courses": courses, "days": days, "today": today}
