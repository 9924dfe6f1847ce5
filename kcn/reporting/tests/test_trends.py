"""Trends: each summed field of a schedule over time, for the board, a department or a zone, on
the page (charts, table, downloads) and in the API, read from the consolidated totals.

The schedule asks zones HNA-DV2 (Phòng Quản lý doanh nghiệp, the consolidating department,
head ``truongphong``) and HNA-CS (Phòng Quản lý môi trường, officer ``canbo``). Its template has
two published versions: version 2 renames ``workers`` and adds ``extra``; the series join the
reports of both versions by field code.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kcn.registry.models import Board, Department, Enterprise, Zone
from kcn.reporting import trends
from kcn.reporting.choices import FieldType, Frequency, TargetKind
from kcn.reporting.models import Field, Schedule
from kcn.reporting.services import (
    field_save,
    period_ensure,
    submission_submit,
    template_publish,
    template_save,
    template_version_new,
)

PAGE = reverse("reporting:trends")
API = "/api/v1/reporting/trends/"


@pytest.fixture
def admin(user_named):
    return user_named("admin")


@pytest.fixture
def schedule(demo, admin):
    template = template_save(user=admin, data={"code": "trend_test", "name": "Báo cáo thử xu hướng"})
    version = template_version_new(user=admin, template=template)
    for code, kind in (("workers", FieldType.INTEGER), ("amount", FieldType.DECIMAL), ("note", FieldType.TEXT)):
        field_save(user=admin, version=version, data={"code": code, "label": f"Nhãn cũ {code}", "type": kind,
                                                      "unit": "người" if code == "workers" else ""})
    template_publish(user=admin, version=version)
    schedule = Schedule.objects.create(template=template, board=Board.objects.get(), name="Thử xu hướng",
                                       target=TargetKind.ZONES, frequency=Frequency.DAILY)
    schedule.zones.set(Zone.objects.filter(code__in=["HNA-DV2", "HNA-CS"]))
    return schedule


@pytest.fixture
def periods(schedule):
    """Four daily periods, the oldest first, ending today."""
    return period_ensure(schedule=schedule, around=timezone.localdate(), before=3)


def _enterprises(code):
    return list(Enterprise.objects.filter(zone__code=code).order_by("pk")[:2])


def _new_version(admin, template):
    """Version 2: ``workers`` gets a new label, ``extra`` is added."""
    version = template_version_new(user=admin, template=template)
    workers = Field.objects.get(version=version, code="workers")
    field_save(user=admin, version=version, instance=workers,
               data={"code": "workers", "label": "Số lao động", "type": FieldType.INTEGER, "unit": "người"})
    field_save(user=admin, version=version, data={"code": "extra", "label": "Chỉ tiêu mới", "type": FieldType.INTEGER})
    template_publish(user=admin, version=version)


@pytest.fixture
def filled(schedule, periods, admin):
    """Periods 0 and 1 filled under version 1, period 3 under version 2, period 2 left empty."""
    dv2, cs = _enterprises("HNA-DV2"), _enterprises("HNA-CS")
    submit = submission_submit
    submit(user=admin, period=periods[0], enterprise=dv2[0], values={"workers": 100, "amount": "1,5"})
    submit(user=admin, period=periods[0], enterprise=dv2[1], values={"workers": 20})
    submit(user=admin, period=periods[0], enterprise=cs[0], values={"workers": 7, "amount": "0,25"})
    submit(user=admin, period=periods[1], enterprise=dv2[0], values={"workers": 1200})
    _new_version(admin, schedule.template)
    submit(user=admin, period=periods[3], enterprise=dv2[0], values={"workers": 90, "extra": 3})
    submit(user=admin, period=periods[3], enterprise=cs[0], values={"workers": 5, "extra": 1})
    return {"dv2": dv2, "cs": cs}


def _series(trend, code):
    return next(series for series in trend.series if series.code == code)


def _values(series):
    return [point.value for point in series.points]


def test_series_equal_the_submitted_sums_across_versions(schedule, periods, filled, user_named):
    lanhdao = user_named("lanhdao")
    board = trends.trend_for(user=lanhdao, schedule=schedule, level="board", object_id=schedule.board_id)
    assert [period.pk for period in board.periods] == [period.pk for period in periods]
    assert board.reports == [3, 1, 0, 2]
    workers = _series(board, "workers")
    assert workers.label == "Số lao động" and workers.unit == "người"  # the latest version's label
    assert _values(workers) == [127, 1200, None, 95]
    assert [point.submissions for point in workers.points] == [3, 1, 0, 2]
    # An empty optional field adds 0; a period without any report has no value at all.
    assert _values(_series(board, "amount")) == [Decimal("1.75"), 0, None, 0]
    assert [point.submissions for point in _series(board, "amount").points] == [3, 1, 0, 2]
    assert _values(_series(board, "extra")) == [None, None, None, 4]  # only version 2 has it
    assert "note" not in [series.code for series in board.series]  # text is not summed

    zone = Zone.objects.get(code="HNA-CS")
    by_zone = trends.trend_for(user=lanhdao, schedule=schedule, level="zone", object_id=zone.pk)
    assert _values(_series(by_zone, "workers")) == [7, None, None, 5]
    qldn = Department.objects.get(name="Phòng Quản lý doanh nghiệp")
    by_department = trends.trend_for(user=lanhdao, schedule=schedule, level="department", object_id=qldn.pk)
    assert _values(_series(by_department, "workers")) == [120, 1200, None, 90]


def test_a_trend_costs_the_same_queries_whatever_the_number_of_periods(schedule, periods, filled, user_named):
    lanhdao = user_named("lanhdao")

    def count(date_from):
        with CaptureQueriesContext(connection) as queries:
            trends.trend_for(user=lanhdao, schedule=schedule, level="board", object_id=schedule.board_id,
                             date_from=date_from)
        return len(queries)

    count(periods[0].start)  # the user's reach is cached on first use
    assert count(periods[3].start) == count(periods[0].start)


def test_range_selects_the_periods_overlapping_it(schedule, periods, filled, user_named):
    lanhdao = user_named("lanhdao")
    trend = trends.trend_for(user=lanhdao, schedule=schedule, level="board", object_id=schedule.board_id,
                             date_from=periods[1].start.strftime("%d/%m/%Y"),
                             date_to=periods[2].start.strftime("%d/%m/%Y"), fields=["workers"])
    assert [period.pk for period in trend.periods] == [periods[1].pk, periods[2].pk]
    assert [series.code for series in trend.series] == ["workers"]
    assert _values(trend.series[0]) == [1200, None]


def test_default_range_is_the_last_thirty_started_periods(schedule, user_named):
    today = timezone.localdate()
    made = period_ensure(schedule=schedule, around=today, before=34, after=2)
    trend = trends.trend_for(user=user_named("lanhdao"), schedule=schedule, level="board",
                             object_id=schedule.board_id)
    assert len(trend.periods) == trends.DEFAULT_PERIODS
    assert trend.periods[-1].start == today and trend.periods[0].start == today - datetime.timedelta(days=29)
    assert made[-1].start > today  # a period that has not started is not shown


def test_page_draws_the_charts_and_shows_the_table_in_vietnamese(schedule, periods, filled, login):
    qldn = Department.objects.get(name="Phòng Quản lý doanh nghiệp")
    response = login("lanhdao").get(PAGE, {"schedule": schedule.pk, "target": f"department:{qldn.pk}"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in html and 'id="trend-chart-data"' in html
    assert response.context["chart"]["series"][0]["values"] == [120.0, 1200.0, None, 90.0]
    table = html[html.index('id="trend-table"'):]
    assert "1.200" in table and "1,5" in table  # Vietnamese separators
    assert periods[0].start.strftime("%d/%m/%Y") in table
    assert "Số lao động (người)" in html


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_series_download(fmt, schedule, periods, filled, login):
    response = login("lanhdao").get(PAGE, {"schedule": schedule.pk, "target": f"board:{schedule.board_id}",
                                           "export": fmt, "fields": ["workers", "amount"]})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(body)).active
        rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Kỳ báo cáo", "Từ ngày", "Đến ngày", "Số báo cáo đã nộp", "Số lao động (người)",
                       "Nhãn cũ amount"]
    assert [row[4] for row in rows[1:]] in (["127", "1200", "", "95"], ["127.0", "1200.0", "", "95.0"])
    assert [row[5] for row in rows[1:]] == ["1.75", "0", "", "0"]
    if fmt == "csv":
        assert rows[1][1] == periods[0].start.strftime("%d/%m/%Y")
    else:  # a real date cell, shown dd/mm/yyyy
        assert rows[1][1].startswith(periods[0].start.isoformat())


def test_bad_dates_are_refused_naming_the_field(schedule, periods, login, api):
    response = login("lanhdao").get(PAGE, {"schedule": schedule.pk, "date_from": "31/02/2026"})
    assert response.status_code == 200 and response.context["trend"] is None
    assert "31/02/2026" in str(response.context["form"].errors["date_from"])
    response = api("lanhdao").get(API, {"schedule": schedule.pk, "level": "board", "object": schedule.board_id,
                                        "date_from": "05/03/2026", "date_to": "01/03/2026"})
    assert response.status_code == 400 and "date_to" in response.json()
    response = api("lanhdao").get(API, {"schedule": schedule.pk, "level": "region", "object": 1})
    assert response.status_code == 400 and "level" in response.json()


# --- Scope


def test_officer_sees_its_department_and_zones_only(schedule, periods, filled, login, api):
    cs, dv2 = Zone.objects.get(code="HNA-CS"), Zone.objects.get(code="HNA-DV2")
    qlmt = Department.objects.get(name="Phòng Quản lý môi trường")
    qldn = Department.objects.get(name="Phòng Quản lý doanh nghiệp")
    page, client = login("canbo"), api("canbo")
    assert page.get(PAGE, {"schedule": schedule.pk, "target": f"zone:{cs.pk}"}).status_code == 200
    assert page.get(PAGE, {"schedule": schedule.pk, "target": f"department:{qlmt.pk}"}).status_code == 200
    for target in (f"zone:{dv2.pk}", f"department:{qldn.pk}", f"board:{schedule.board_id}"):
        assert page.get(PAGE, {"schedule": schedule.pk, "target": target}).status_code == 404, target
    ok = client.get(API, {"schedule": schedule.pk, "level": "zone", "object": cs.pk})
    assert ok.status_code == 200
    workers = next(series for series in ok.json()["series"] if series["code"] == "workers")
    assert [point["value"] for point in workers["points"]] == [7, None, None, 5]
    assert client.get(API, {"schedule": schedule.pk, "level": "zone", "object": dv2.pk}).status_code == 404
    assert client.get(API, {"schedule": schedule.pk, "level": "board", "object": schedule.board_id}).status_code == 404
    # The page offers only what the officer may pick.
    choices = str(page.get(PAGE, {"schedule": schedule.pk}).context["form"]["target"])
    assert f"zone:{cs.pk}" in choices and f"zone:{dv2.pk}" not in choices and "board:" not in choices


def test_consolidating_department_and_leaders_see_the_board(schedule, periods, filled, api):
    for username in ("truongphong", "lanhdao", "quansat", "admin"):
        response = api(username).get(API, {"schedule": schedule.pk, "level": "board", "object": schedule.board_id})
        assert response.status_code == 200, username
        assert response.json()["reports"] == [3, 1, 0, 2]


@pytest.mark.parametrize("username", ["doanhnghiep", "quanlychuongtrinh", "hocvien"])
def test_enterprises_and_other_roles_have_no_trends(username, schedule, periods, login, api):
    assert login(username).get(PAGE).status_code == 404
    response = api(username).get(API, {"schedule": schedule.pk, "level": "board", "object": schedule.board_id})
    assert response.status_code == 404
    assert "Xu hướng" not in login(username).get(reverse("core:home")).content.decode()


def test_menu_entry_for_board_staff(schedule, login):
    html = login("canbo").get(reverse("core:home")).content.decode()
    assert f'href="{PAGE}"' in html and "Xu hướng" in html


def test_another_boards_schedule_is_not_found(schedule, periods, login, api):
    from kcn.registry.models import LegacyProvince, Province

    other = Board.objects.create(name="Ban Quản lý Khu kinh tế Hải Phòng", province=Province.objects.get(code=31),
                                 legacy_province=LegacyProvince.objects.get(code=31))
    foreign = Schedule.objects.create(template=schedule.template, board=other, name="Hải Phòng",
                                      target=TargetKind.ZONES, frequency=Frequency.DAILY)
    assert login("lanhdao").get(PAGE, {"schedule": foreign.pk}).status_code == 404
    response = api("lanhdao").get(API, {"schedule": foreign.pk, "level": "board", "object": other.pk})
    assert response.status_code == 404
    assert api("admin").get(API, {"schedule": foreign.pk, "level": "board", "object": other.pk}).status_code == 200


def test_period_page_links_to_the_schedules_trends(schedule, periods, login):
    html = login("canbo").get(reverse("reporting:period_detail", args=[periods[-1].pk])).content.decode()
    assert f'href="{PAGE}?schedule={schedule.pk}"' in html
