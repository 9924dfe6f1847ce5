"""Who sees which training records: the one place where training scope is decided.

- A programme manager sees the programmes they manage (Programme.managers) and everything in them.
- A trainer sees the courses they teach (Course.trainers) and everything in them.
- A trainee sees the courses they are enrolled in, their sessions and days, and only their own
  enrolment, attendance, reports, grades, feedback and certificate: never a classmate's.
- The administrator role sees everything (it sets the reference data); the board's staff,
  enterprises and observers see nothing here (permissions.py gives them no action at all).

Each function returns the Q for a model whose path to the course (or enrolment) is ``path``.
Subqueries rather than joins, so that a course with two trainers is not listed twice.
"""

from django.db.models import Q

from kcn.accounts.choices import Role

NOTHING = Q(pk__in=[])


def managed_programmes(user):
    from .models import Programme

    return Programme.managers.through.objects.filter(user_id=user.pk).values("programme_id")


def taught_courses(user):
    from .models import Course

    return Course.trainers.through.objects.filter(user_id=user.pk).values("course_id")


def enrolled_courses(user):
    from .models import Enrolment

    return Enrolment.objects.filter(trainee__user_id=user.pk).values("course_id")


def programme_q(user, path=""):
    """Q for a model whose path to Programme is ``path`` ("" for Programme itself)."""
    from .models import Course

    if user.is_superuser or user.role == Role.ADMIN:
        return None
    if user.role == Role.PROGRAMME_MANAGER:
        return Q(**{f"{path}pk__in": managed_programmes(user)}) if not path else \
            Q(**{f"{path}in": managed_programmes(user)})
    courses = taught_courses(user) if user.role == Role.TRAINER else \
        enrolled_courses(user) if user.role == Role.TRAINEE else None
    if courses is None:
        return NOTHING
    programmes = Course.objects.filter(pk__in=courses).values("programme_id")
    return Q(**{f"{path}pk__in": programmes}) if not path else Q(**{f"{path}in": programmes})


def course_q(user, path=""):
    """Q for a model whose path to Course is ``path`` ("" for Course itself): the whole course."""
    if user.is_superuser or user.role == Role.ADMIN:
        return None
    key = f"{path}pk__in" if not path else f"{path}in"
    if user.role == Role.PROGRAMME_MANAGER:
        from .models import Course

        return Q(**{key: Course.objects.filter(programme__in=managed_programmes(user)).values("pk")})
    if user.role == Role.TRAINER:
        return Q(**{key: taught_courses(user)})
    if user.role == Role.TRAINEE:
        return Q(**{key: enrolled_courses(user)})
    return NOTHING


def enrolment_q(user, path=""):
    """Q for a model whose path to Enrolment is ``path``: a trainee's own rows only."""
    if user.is_superuser or user.role == Role.ADMIN:
        return None
    if user.role == Role.TRAINEE:
        return Q(**{f"{path}trainee__user_id": user.pk})
    return course_q(user, f"{path}course__")
