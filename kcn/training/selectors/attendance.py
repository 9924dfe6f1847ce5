"""Reads of attendance that the pages and the API share; each takes the acting user."""

from dataclasses import dataclass
from decimal import Decimal

from kcn.core.choices import Action

from ..choices import AttendanceStatus
from ..models import Attendance, Enrolment, SessionDay

# A late arrival was there; an excused absence was not (it is only explained).
ATTENDED = {AttendanceStatus.PRESENT, AttendanceStatus.LATE}


@dataclass
class GridRow:
    enrolment: Enrolment
    cells: list  # one Attendance or None per day, in the days' order
    attended: Decimal  # days attended, a half day counting 0.5
    total: Decimal  # days of the session, class and field

    @property
    def percent(self):
        return (self.attended * 100 / self.total).quantize(Decimal("1")) if self.total else None


def attendance_list(*, user, action=Action.VIEW):
    return Attendance.objects.restrict(user, action).select_related("enrolment__trainee", "day__session", "recorded_by")


def session_days(*, user, session):
    return list(SessionDay.objects.restrict(user, Action.VIEW).filter(session=session).order_by("date"))


def attendance_grid(*, user, session) -> tuple[list[SessionDay], list[GridRow]]:
    """The session's days and one row per trainee the user may see: three queries whatever the size."""
    days = session_days(user=user, session=session)
    enrolments = list(Enrolment.objects.restrict(user, Action.VIEW).filter(course_id=session.course_id)
                      .select_related("trainee").order_by("trainee__full_name", "pk"))
    marks = {}
    for row in Attendance.objects.restrict(user, Action.VIEW).filter(day__session=session):
        marks[(row.enrolment_id, row.day_id)] = row
    total = sum((Decimal(str(day.length)) for day in days), Decimal(0))
    rows = []
    for enrolment in enrolments:
        cells = [marks.get((enrolment.pk, day.pk)) for day in days]
        attended = sum((Decimal(str(day.length)) for day, cell in zip(days, cells, strict=True)
                        if cell is not None and cell.status in ATTENDED), Decimal(0))
        rows.append(GridRow(enrolment=enrolment, cells=cells, attended=attended, total=total))
    return days, rows
