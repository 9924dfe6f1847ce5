"""Reads of the network that pages, the API and the home panels share; each takes the acting user.

Scope is always ``restrict(user, action)``. The indicators aggregate in the database, a fixed
number of queries whatever the number of trainees (values().annotate(), no per-row query).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Max, Prefetch
from django.db.models.functions import ExtractYear
from django.utils import timezone

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.core.text import search_key
from kcn.registry.models import LegacyProvince, Province
from kcn.training.models import Coaching, Course, Enrolment, Programme
from kcn.training.scope import managed_programmes

from .choices import ActivityStatus
from .constants import (
    DEFAULT_DEPARTMENT_SHARE_TARGET,
    EVALUATION_GRACE_DAYS,
    INDUSTRY_TRADE_TYPES,
    UPDATE_GRACE_DAYS,
)
from .models import ActivityUpdate, Consultant, CpActivity, Document, Evaluation, Workshop, WorkshopParticipant

FINISHED = (ActivityStatus.DONE, ActivityStatus.DROPPED)

# --- Quarters and half-years


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> datetime.date:
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def half_of(day: datetime.date) -> tuple[int, int]:
    return day.year, 1 if day.month <= 6 else 2


def half_end(year: int, half: int) -> datetime.date:
    return datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)


def due_quarter(today: datetime.date) -> tuple[int, int]:
    """The latest quarter whose update is overdue if missing: it ended more than UPDATE_GRACE_DAYS ago."""
    year, quarter = previous_quarter(*quarter_of(today))
    while (today - quarter_end(year, quarter)).days <= UPDATE_GRACE_DAYS:
        year, quarter = previous_quarter(year, quarter)
    return year, quarter


def due_half(today: datetime.date) -> tuple[int, int]:
    """The latest half-year whose evaluation is overdue if missing (EVALUATION_GRACE_DAYS after its end)."""
    year, half = half_of(today)
    year, half = (year - 1, 2) if half == 1 else (year, 1)
    if (today - half_end(year, half)).days <= EVALUATION_GRACE_DAYS:
        year, half = (year - 1, 2) if half == 1 else (year, 1)
    return year, half


# --- Directory


def consultant_list(*, user, action=Action.VIEW):
    return Consultant.objects.restrict(user, action).select_related("province")


def consultant_search(queryset, text):
    """Consultants whose name or organisation matches ``text`` without diacritics ("ly thi hoa" finds
    "Lý Thị Hoa")."""
    key = search_key(text)
    return queryset.filter(search_text__contains=key) if key else queryset


def may_see_contact(user) -> bool:
    """E-mail is personal data: programme managers and the administrator only. Phone: never shown."""
    return user.is_superuser or user.role in (Role.ADMIN, Role.PROGRAMME_MANAGER)


def consultant_profile(*, user, consultant):
    """What the directory's detail page shows beside the consultant's own fields."""
    enrolments = list(consultant.enrolments.filter(passed=True)
                      .select_related("course__programme", "band", "province", "legacy_province__successor",
                                      "certificate")
                      .order_by("-course__end_date"))
    certificates = [enrolment.certificate for enrolment in enrolments if hasattr(enrolment, "certificate")]
    activities = list(CpActivity.objects.filter(trainee=consultant).prefetch_related(
        Prefetch("updates", queryset=ActivityUpdate.objects.order_by("-year", "-quarter"))))
    for activity in activities:
        updates = list(activity.updates.all())
        activity.latest_update = updates[0] if updates else None
    coachings = (Coaching.objects.filter(participants__trainee=consultant)
                 .select_related("session__course").order_by("-start_date").distinct())
    workshops = (Workshop.objects.filter(participants__trainee=consultant, participants__attended=True)
                 .order_by("-start_date").distinct())
    return {
        "enrolments": enrolments,
        "certificates": certificates,
        "sectors": [item.get_sector_display() for item in consultant.sectors.all()],
        "activities": activities,
        "coachings": list(coachings),
        "workshops": list(workshops),
        "show_email": may_see_contact(user),
    }


# --- Follow-up


def activity_list(*, user, action=Action.VIEW):
    return CpActivity.objects.restrict(user, action).select_related("trainee", "programme")


def update_list(*, user, action=Action.VIEW):
    return ActivityUpdate.objects.restrict(user, action).select_related("activity__trainee", "submitted_by")


def evaluation_list(*, user, action=Action.VIEW):
    return Evaluation.objects.restrict(user, action).select_related("trainee", "evaluated_by")


def graduates(*, user):
    """Passed enrolments the user follows up: a manager's programmes, a trainer's courses, all for admin."""
    return Enrolment.objects.restrict(user, Action.VIEW).filter(passed=True)


@dataclass
class OverdueRow:
    trainee_id: int
    full_name: str
    organisation: str
    missing_updates: list  # activities without the due quarter's update
    missing_evaluation: bool

    @property
    def url(self):
        from django.urls import reverse

        return reverse("network:consultant_detail", args=[self.trainee_id])


def follow_up_overdue(*, user, today=None):
    """Who is overdue, and with what: ([OverdueRow], (year, quarter) due, (year, half) due).

    - an activity not finished, started by the end of the due quarter (the latest one that ended
      more than UPDATE_GRACE_DAYS ago), of a graduate the user follows, without an update for that
      quarter;
    - a graduate who finished their course by the end of the due half-year (EVALUATION_GRACE_DAYS)
      without an evaluation for it.
    Four queries whatever the number of graduates.
    """
    today = today or timezone.localdate()
    q_year, quarter = due_quarter(today)
    h_year, half = due_half(today)
    graduate_rows = graduates(user=user)
    graduate_ids = graduate_rows.values("trainee_id")
    started_by = quarter_end(q_year, quarter)
    activities = (CpActivity.objects.filter(trainee_id__in=graduate_ids, planned_start__lte=started_by)
                  .exclude(status__in=FINISHED)
                  .exclude(updates__year=q_year, updates__quarter=quarter)
                  .select_related("trainee").order_by("trainee__full_name", "planned_start", "pk"))
    evaluated = Evaluation.objects.filter(year=h_year, half=half).values("trainee_id")
    unevaluated = (graduate_rows.filter(course__end_date__lte=half_end(h_year, half))
                   .exclude(trainee_id__in=evaluated)
                   .values("trainee_id", "trainee__full_name", "trainee__organisation").distinct())
    rows: dict[int, OverdueRow] = {}
    for activity in activities:
        trainee = activity.trainee
        row = rows.setdefault(trainee.pk, OverdueRow(trainee.pk, trainee.full_name, trainee.organisation, [], False))
        row.missing_updates.append(activity)
    for item in unevaluated:
        row = rows.setdefault(item["trainee_id"], OverdueRow(item["trainee_id"], item["trainee__full_name"],
                                                             item["trainee__organisation"], [], False))
        row.missing_evaluation = True
    ordered = sorted(rows.values(), key=lambda row: (search_key(row.full_name), row.trainee_id))
    return ordered, (q_year, quarter), (h_year, half)


def trainee_current_quarter_todo(*, user, today=None):
    """A graduate's own activities still without an update for the current quarter."""
    today = today or timezone.localdate()
    year, quarter = quarter_of(today)
    return (CpActivity.objects.restrict(user, Action.VIEW).filter(trainee__user_id=user.pk)
            .exclude(status__in=FINISHED).exclude(updates__year=year, updates__quarter=quarter))


# --- Workshops and library


def workshop_list(*, user, action=Action.VIEW):
    return Workshop.objects.restrict(user, action).select_related("province", "programme")


def workshop_parts(*, user, workshop):
    """Agenda by day, organisations, participants (as the user's scope allows), visits, documents."""
    agenda = list(workshop.agenda.select_related("document").order_by("day", "time", "order", "pk"))
    days = defaultdict(list)
    for item in agenda:
        days[item.day].append(item)
    participants = (WorkshopParticipant.objects.restrict(user, Action.VIEW).filter(workshop=workshop)
                    .select_related("organisation", "trainee"))
    return {
        "agenda_days": sorted(days.items()),
        "organisations": list(workshop.organisations.select_related("province", "legacy_province")),
        "participants": list(participants),
        "field_visits": list(workshop.field_visits.all()),
        "documents": list(workshop.documents.all()),
    }


def document_list(*, user, action=Action.VIEW):
    return Document.objects.restrict(user, action).select_related("workshop")


def document_search(queryset, text):
    """Documents whose title, summary or author matches ``text`` without diacritics."""
    key = search_key(text)
    return queryset.filter(search_text__contains=key) if key else queryset


# --- Indicators



def may_view_indicators(user) -> bool:
    """Who reads the network's indicators: the permission table's "indicators" action on the
    directory (network/permissions.py). The page, the API and the menu all ask here."""
    return role_allows(user, Consultant, "indicators")


def indicator_programmes(*, user):
    """The programmes a user's indicators cover: a manager's own, everyone else's all."""
    if user.is_superuser or user.role != Role.PROGRAMME_MANAGER:
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=managed_programmes(user))


def _share(count, total):
    if not total:
        return Decimal("0")
    return (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _people_by_year(passed):
    """{year: (trained that year, trained for the first time that year)}, in one query.

    A trainee who passed courses in two years is trained in both but new only in the first, so
    the cumulative count is the running sum of the second figure. The ORM writes the inner query
    (distinct trainee-year pairs); the window and the outer grouping wrap it, on both databases.
    """
    pairs = passed.annotate(year=ExtractYear("course__end_date")).order_by().values("trainee_id", "year").distinct()
    inner, params = pairs.query.sql_with_params()
    sql = ("SELECT year, COUNT(*), SUM(CASE WHEN year = first THEN 1 ELSE 0 END) FROM ("
           "SELECT year, MIN(year) OVER (PARTITION BY trainee_id) AS first FROM (" + inner + ") pairs"
           ") firsts GROUP BY year")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(year): (int(trained), int(new)) for year, trained, new in cursor.fetchall()}


def indicators(*, user, programme=None) -> dict:
    """The network's indicators, by year of the course's end date and cumulatively.

    - people trained: distinct trainees with a passed enrolment;
    - provinces with trained staff: distinct current provinces of those enrolments (a record
      naming Bắc Kạn counts under Thái Nguyên), with the names as recorded;
    - share of the provinces whose industry-and-trade sector (INDUSTRY_TRADE_TYPES) has at least
      one graduate, against the highest target_department_share of the programmes (or 90%).

    Six queries whatever the number of trainees: two read the enrolments once each and group them
    in the database; the others read courses, provinces and the target; Python adds up a few
    hundred rows at most.
    """
    programmes = indicator_programmes(user=user)
    if programme is not None:
        programmes = programmes.filter(pk=programme.pk)
    passed = Enrolment.objects.filter(passed=True, course__programme__in=programmes.values("pk"))
    people = _people_by_year(passed)
    # Grouped by ids and the course (forty-odd courses, not twenty thousand rows, get a year and
    # names afterwards): hashing short integer keys is what keeps this query cheap.
    groups = list(passed.exclude(province=None).order_by()
                  .values("course_id", "province_id", "legacy_province_id", "organisation_type").distinct())
    course_years = dict(Course.objects.filter(pk__in={row["course_id"] for row in groups})
                        .values_list("pk", "end_date__year"))
    names = {("new", code): name for code, name in Province.objects.values_list("code", "name")}
    names.update({("old", code): name for code, name in LegacyProvince.objects.values_list("code", "name")})
    province_rows = [{"province_id": row["province_id"], "province__name": names[("new", row["province_id"])],
                      "legacy_province__name": names.get(("old", row["legacy_province_id"])),
                      "industry_trade": row["organisation_type"] in INDUSTRY_TRADE_TYPES,
                      "first": course_years[row["course_id"]]} for row in groups]
    total_provinces = sum(1 for kind, _code in names if kind == "new")
    target = programmes.aggregate(top=Max("target_department_share"))["top"]
    target = Decimal(target if target is not None else DEFAULT_DEPARTMENT_SHARE_TARGET)

    provinces = {}
    for row in province_rows:
        item = provinces.setdefault(row["province_id"], {
            "province_id": row["province_id"], "province": row["province__name"], "first_year": row["first"],
            "department_year": None, "legacy_names": set()})
        item["first_year"] = min(item["first_year"], row["first"])
        if row["industry_trade"]:
            year = item["department_year"]
            item["department_year"] = row["first"] if year is None else min(year, row["first"])
        if row["legacy_province__name"] and row["legacy_province__name"] != row["province__name"]:
            item["legacy_names"].add(row["legacy_province__name"])
    provinces_by_year, departments_by_year = defaultdict(int), defaultdict(int)
    for item in provinces.values():
        provinces_by_year[item["first_year"]] += 1
        if item["department_year"] is not None:
            departments_by_year[item["department_year"]] += 1
    rows, people_total, province_total, department_total = [], 0, 0, 0
    for year in sorted(set(people) | set(provinces_by_year)):
        trained, new = people.get(year, (0, 0))
        people_total += new
        province_total += provinces_by_year.get(year, 0)
        department_total += departments_by_year.get(year, 0)
        rows.append({"year": year, "trained": trained, "people_cumulative": people_total,
                     "provinces_cumulative": province_total, "departments_cumulative": department_total,
                     "share_cumulative": _share(department_total, total_provinces)})
    province_table = sorted(
        ({**item, "has_department": item["department_year"] is not None,
          "legacy_names": sorted(item["legacy_names"], key=search_key)} for item in provinces.values()),
        key=lambda item: search_key(item["province"]))
    share = _share(department_total, total_provinces)
    return {
        "years": rows,
        "people_trained": people_total,
        "provinces_trained": len(provinces),
        "departments_with_graduate": department_total,
        "total_provinces": total_provinces,
        "department_share": share,
        "target_share": target,
        "target_met": share >= target,
        "provinces": province_table,
        "programme": programme,
    }


def role_allows_evaluation(user) -> bool:
    return role_allows(user, Evaluation, Action.ADD)


def role_allows_follow_up(user) -> bool:
    """The overdue list is for those who evaluate graduates: managers, trainers, the administrator."""
    return role_allows(user, Evaluation, Action.ADD)
