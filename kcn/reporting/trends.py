"""Trends: every summed field of a schedule over time, for the board, a department or a zone.

Read side only, from the pre-aggregated total rows (``BoardTotal``, ``DepartmentTotal``,
``ZoneTotal``; see consolidation.py): one query for the periods of the range, one for the
total rows of the chosen object over those periods, one for the fields' labels — never a
query per period and never a sum over the raw submissions.

Field codes are stable across template versions, so a series joins reports filled under
different versions; its label and unit are those of the latest published version that has the
field.

Who may see which trend (the same reach as the period page, see views_overview):

* administrators, board leaders and provincial observers, and the staff of the consolidating
  department (Phòng Quản lý doanh nghiệp), the board, every department and every zone of their
  boards;
* any other department's head or officer, its own department and the zones it monitors today;
* enterprises' representatives and every other role: no trends (``PermissionDenied``, which the
  pages and the API answer as 404, like an object that does not exist).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.registry.models import Board, Department, Zone

from .consolidation import field_columns
from .models import SUBMISSIONS_ROW, BoardTotal, DepartmentTotal, Period, Schedule, ZoneTotal
from .selectors import STAFF_ROLES, reporting_level

BOARD, DEPARTMENT, ZONE = "board", "department", "zone"
LEVELS = (
    (BOARD, gettext_lazy("Toàn Ban")),
    (DEPARTMENT, gettext_lazy("Phòng")),
    (ZONE, gettext_lazy("Khu công nghiệp")),
)
#: The number of periods shown when no range is given.
DEFAULT_PERIODS = 30
#: The most periods one trend reads (a daily schedule over a little more than two years).
MAX_PERIODS = 800

_TOTALS = {BOARD: (BoardTotal, "board_id"), DEPARTMENT: (DepartmentTotal, "department_id"),
           ZONE: (ZoneTotal, "zone_id")}


# --- Reach ----------------------------------------------------------------------------------------


@dataclass
class Reach:
    """The objects of one board whose trends a user may read."""

    board: Board | None = None
    departments: list = field(default_factory=list)
    zones: list = field(default_factory=list)

    def objects(self, level) -> list:
        if level == BOARD:
            return [self.board] if self.board is not None else []
        return self.departments if level == DEPARTMENT else self.zones

    def find(self, level, pk):
        for obj in self.objects(level):
            if str(obj.pk) == str(pk):
                return obj
        return None

    @property
    def levels(self) -> list:
        return [(level, label) for level, label in LEVELS if self.objects(level)]


def may_view_trends(user) -> bool:
    """The role may read trends at all: board staff who may export periods (not enterprises)."""
    if not user.is_authenticated or not role_allows(user, Period, Action.EXPORT):
        return False
    return user.is_superuser or user.role in STAFF_ROLES


def trend_schedules(user):
    """The schedules whose trends ``user`` may read (those of their boards), by name."""
    if not may_view_trends(user):
        return Schedule.objects.none()
    return (Schedule.objects.restrict(user, Action.VIEW).select_related("template", "board")
            .order_by("name", "pk"))


def reach_for(user, schedule: Schedule) -> Reach:
    """What ``user`` may pick for ``schedule``'s board (empty for a user outside the board)."""
    if not may_view_trends(user) or not trend_schedules(user).filter(pk=schedule.pk).exists():
        return Reach()
    board = schedule.board
    departments = Department.objects.filter(board=board).order_by("name", "pk")
    zones = Zone.objects.restrict(user, Action.VIEW).filter(board=board).order_by("name", "pk")
    level = reporting_level(user, board.pk)
    if level.sees_board and level.department is None:
        return Reach(board=board, departments=list(departments), zones=list(zones))
    department = level.department
    if department is None:
        return Reach()
    if department.consolidates:
        return Reach(board=board, departments=list(departments), zones=list(Zone.objects.filter(board=board)
                                                                             .order_by("name", "pk")))
    return Reach(departments=[department], zones=list(zones))


# --- Range ----------------------------------------------------------------------------------------


def parse_date(value, name):
    """A dd/mm/yyyy date (or yyyy-mm-dd, as the API documents it), or None when empty."""
    value = (value or "").strip() if not isinstance(value, datetime.date) else value
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValidationError({name: _("Ngày “%(value)s” không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ "
                                   "15/03/2026.") % {"value": value}})


def _periods(schedule, date_from, date_to):
    periods = Period.objects.filter(schedule=schedule).only("pk", "label", "start", "end").order_by("-start", "pk")
    if date_from is None and date_to is None:
        return list(reversed(periods.filter(start__lte=timezone.localdate())[:DEFAULT_PERIODS]))
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValidationError({"date_to": _("“Đến ngày” phải sau hoặc trùng “Từ ngày”.")})
    if date_from is not None:
        periods = periods.filter(end__gte=date_from)
    if date_to is not None:
        periods = periods.filter(start__lte=date_to)
    result = list(periods[:MAX_PERIODS + 1])
    if len(result) > MAX_PERIODS:
        raise ValidationError({"date_from": _("Khoảng thời gian quá dài: một biểu đồ xu hướng có tối đa %(count)s kỳ "
                                              "báo cáo. Hãy chọn khoảng ngắn hơn.") % {"count": MAX_PERIODS}})
    return list(reversed(result))


# --- The trend ------------------------------------------------------------------------------------


@dataclass
class Point:
    period: Period
    value: Decimal | None  # None: no submitted report had the field in this period
    submissions: int  # reports whose version has the field


@dataclass
class Series:
    code: str
    label: str
    unit: str
    points: list[Point] = field(default_factory=list)


@dataclass
class Trend:
    schedule: Schedule
    level: str
    object: object
    periods: list[Period]
    reports: list[int]  # submitted reports per period, whatever their fields
    series: list[Series]
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def trend_for(*, user, schedule: Schedule, level: str, object_id, date_from=None, date_to=None,
              fields=None) -> Trend:
    """The trend of ``schedule`` for one board, department or zone in ``user``'s reach.

    ``date_from`` and ``date_to`` select the periods overlapping that range (both optional);
    without either, the last ``DEFAULT_PERIODS`` periods that have started. ``fields`` limits the
    series to these codes (unknown codes are refused, naming the field). An object outside the
    user's reach raises ``PermissionDenied``; bad input ``ValidationError`` keyed by parameter.
    """
    reach = reach_for(user, schedule)
    if level not in _TOTALS:
        raise ValidationError({"level": _("Cấp “%(level)s” không có: hãy chọn toàn Ban, phòng hoặc khu công nghiệp.")
                               % {"level": level}})
    obj = reach.find(level, object_id)
    if obj is None:
        raise PermissionDenied
    date_from, date_to = parse_date(date_from, "date_from"), parse_date(date_to, "date_to")
    columns = field_columns(schedule.template_id)
    if fields:
        known = {column["code"] for column in columns}
        unknown = [code for code in fields if code not in known]
        if unknown:
            raise ValidationError({"fields": _("Mẫu báo cáo không có trường số nào có mã %(codes)s.")
                                   % {"codes": ", ".join(unknown)}})
        columns = [column for column in columns if column["code"] in set(fields)]
    periods = _periods(schedule, date_from, date_to)
    model, key = _TOTALS[level]
    rows = {}
    if periods:
        codes = [column["code"] for column in columns] + [SUBMISSIONS_ROW]
        for period_id, code, value, count in (model.objects.filter(period_id__in=[period.pk for period in periods],
                                                                    field_code__in=codes, **{key: obj.pk})
                                              .values_list("period_id", "field_code", "value", "submissions")):
            rows[(period_id, code)] = (value, count)
    series = []
    for column in columns:
        points = []
        for period in periods:
            value, count = rows.get((period.pk, column["code"]), (None, 0))
            points.append(Point(period=period, value=value if count else None, submissions=count))
        series.append(Series(code=column["code"], label=column["label"], unit=column["unit"], points=points))
    reports = [rows.get((period.pk, SUBMISSIONS_ROW), (None, 0))[1] for period in periods]
    return Trend(schedule=schedule, level=level, object=obj, periods=periods, reports=reports, series=series,
                 date_from=date_from, date_to=date_to)


# --- A period's consolidated totals as the user may see them (the API's /periods/{id}/totals/) ------


@dataclass
class VisibleTotals:
    period: Period
    columns: list[dict] = field(default_factory=list)
    department: dict | None = None  # consolidation.department_totals, with "department"
    board: dict | None = None  # consolidation.board_totals


def visible_totals(user, period: Period) -> VisibleTotals:
    """The totals of ``period`` that ``user`` may read, with the same reach as the period page:
    a department's staff their department by zone and enterprise; the board-wide roles and the
    consolidating department the board by department and zone. Roles without trends (enterprises)
    get ``PermissionDenied``. Read from the total rows only."""
    from .consolidation import board_totals, department_totals

    if not may_view_trends(user):
        raise PermissionDenied
    schedule = period.schedule
    result = VisibleTotals(period=period)
    level = reporting_level(user, schedule.board_id)
    if level.department is not None:
        result.department = {"department": level.department, **department_totals(period, level.department)}
    if level.sees_board:
        result.board = board_totals(period, schedule.board)
    result.columns = result.board["columns"] if result.board else field_columns(schedule.template_id)
    return result
