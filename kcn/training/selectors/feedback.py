"""Reads of session feedback: what a trainee has given, and the programme's summary.

Managers (and the administrator) read every feedback of their programmes, comments included;
a trainer reads only the averages of the sessions of their courses (permissions.py gives
trainers no "view" on Feedback, so they never see a single trainee's scores or comments).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.permissions import role_allows

from ..models import Course, Enrolment, Feedback, FeedbackCriterion, FeedbackScore, Programme, Session

CENT = Decimal("0.01")
COMMENTS_SHOWN = 500


def _mean(total, count):
    if not count:
        return None
    return (Decimal(total) / count).quantize(CENT, ROUND_HALF_UP)


def may_read_comments(user) -> bool:
    return role_allows(user, Feedback, Action.VIEW) and user.role != Role.TRAINEE


def may_read_summary(user) -> bool:
    """Managers and the administrator; trainers for the averages of their own courses."""
    return may_read_comments(user) or (user.is_authenticated and user.role == Role.TRAINER)


def summary_programmes(*, user) -> QuerySet:
    if not may_read_summary(user):
        return Programme.objects.none()
    return Programme.objects.restrict(user, Action.VIEW)


def _feedback_rows(user) -> QuerySet:
    if may_read_comments(user):
        return Feedback.objects.restrict(user, Action.VIEW)
    if may_read_summary(user):
        return Feedback.objects.filter(session__course__in=Course.objects.restrict(user, Action.VIEW).values("pk"))
    raise PermissionDenied


def feedback_stats(*, user, programme: Programme) -> dict:
    """Averages per session, course, programme and criterion, with the highest and lowest session.

    Five queries whatever the number of sessions and responses: the sessions, the sum and count
    of feedback averages per session (courses and the programme are added up from those), the
    criteria, the sum and count of scores per criterion, and the comments.
    """
    rows = _feedback_rows(user).filter(session__course__programme=programme)
    sessions = list(Session.objects.restrict(user, Action.VIEW).filter(course__programme=programme)
                    .select_related("course", "province").order_by("course__start_date", "course__number", "number"))
    per_session = {row["session_id"]: row for row in
                   rows.order_by().values("session_id").annotate(total=Sum("average"), count=Count("pk"))}
    session_rows, course_rows = [], {}
    for session in sessions:
        found = per_session.get(session.pk, {"total": 0, "count": 0})
        session_rows.append({"session": session, "course": session.course, "responses": found["count"],
                             "total": found["total"] or 0, "average": _mean(found["total"] or 0, found["count"])})
        course = course_rows.setdefault(session.course_id, {"course": session.course, "responses": 0, "total": 0})
        course["responses"] += found["count"]
        course["total"] += found["total"] or 0
    for course in course_rows.values():
        course["average"] = _mean(course["total"], course["responses"])
    responses = sum(row["responses"] for row in session_rows)
    scored = [row for row in session_rows if row["responses"]]
    highest = max(scored, key=lambda row: row["average"], default=None)
    lowest = min(scored, key=lambda row: row["average"], default=None)

    criteria = list(FeedbackCriterion.objects.filter(programme=programme).order_by("order", "pk"))
    per_criterion = {row["criterion_id"]: row for row in
                     FeedbackScore.objects.filter(feedback__in=rows.values("pk")).order_by().values("criterion_id")
                     .annotate(total=Sum("score"), count=Count("pk"))}
    criterion_rows = []
    for criterion in criteria:
        found = per_criterion.get(criterion.pk)
        if found is None and not criterion.is_active:
            continue
        count = found["count"] if found else 0
        criterion_rows.append({"criterion": criterion, "responses": count,
                               "average": _mean(found["total"], count) if found else None})

    comments = []
    if may_read_comments(user):
        comments = list(rows.exclude(comment="").select_related("session__course")
                        .order_by("-submitted_at", "-pk")[:COMMENTS_SHOWN])
    return {
        "programme": programme,
        "responses": responses,
        "average": _mean(sum(row["total"] for row in session_rows), responses),
        "sessions": session_rows,
        "courses": list(course_rows.values()),
        "criteria": criterion_rows,
        "highest": highest,
        "lowest": lowest if lowest is not highest else None,
        "comments": comments,
        "show_comments": may_read_comments(user),
    }


def feedback_given(*, user, session: Session) -> Feedback | None:
    """The user's own feedback on ``session`` with its scores, if they gave one."""
    return (Feedback.objects.restrict(user, Action.VIEW).filter(session=session, enrolment__trainee__user_id=user.pk)
            .prefetch_related("scores__criterion").first())


def feedback_enrolment(*, user, session: Session) -> Enrolment | None:
    """The user's own enrolment in the course of ``session``: who may score it."""
    return (Enrolment.objects.restrict(user, Action.VIEW)
            .filter(course_id=session.course_id, trainee__user_id=user.pk).first())


def feedback_for(*, user) -> QuerySet:
    return Feedback.objects.restrict(user, Action.VIEW).select_related("session__course", "enrolment__trainee")
