"""The reporting overview pages as the demo roles use them: periods, completeness, the missing
list and its export, and the consolidated totals of each level.

Decision tested here: Phòng Quản lý doanh nghiệp (truongphong's department) consolidates the
board, so it sees the board's totals by department and zone; but its completeness and missing
list stay within the zones it monitors (DV2, DV3), like the registry's scope and the API: the
names of enterprises of other departments' zones are not shown to it.
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from kcn.registry.models import Board, Enterprise, Zone
from kcn.reporting.choices import Frequency, TargetKind
from kcn.reporting.models import ReportTemplate, Schedule
from kcn.reporting.services import period_lock, submission_submit
from kcn.reporting.views_overview import vn_number

ALL_ZONES = ["HNA-DV1", "HNA-DV2", "HNA-DV3", "HNA-DV4", "HNA-CS", "HNA-TL", "HNA-HM"]


def values(workforce, at_work, f1=0):
    return {"workforce": workforce, "workers_at_work": at_work, "returnees": 1, "workers_not_returned": 0,
            "f0": 0, "f1": f1, "f2": 0, "f3": 0, "notes": ""}


@pytest.fixture
def schedule(demo):
    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=Board.objects.get(),
        name="Báo cáo dịch hằng ngày", target=TargetKind.ZONES, frequency=Frequency.DAILY)
    schedule.zones.set(Zone.objects.filter(code__in=ALL_ZONES))
    return schedule




def enterprises_of(*codes):
    return list(Enterprise.objects.filter(zone__code__in=codes).order_by("pk"))


@pytest.fixture
def filed(period, own, user_named):
    """doanhnghiep files its own report and truongphong one DV3 report on time, and a second DV3
    report after the deadline (the deadline is moved to between them)."""
    submission_submit(user=user_named("doanhnghiep"), period=period, enterprise=own, values=values(1200, 1100, 2))
    head = user_named("truongphong")
    dv3 = enterprises_of("HNA-DV3")[:2]
    submission_submit(user=head, period=period, enterprise=dv3[0], values=values(300, 280))
    deadline = timezone.now()
    late = submission_submit(user=head, period=period, enterprise=dv3[1], values=values(1234, 1000, 1))
    assert late.submitted_at > deadline
    period.due_at = deadline  # the third report came after the deadline
    period.save()
    return [own, *dv3]


def detail_url(period, **query):
    url = reverse("reporting:period_detail", args=[period.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def missing_tax_codes(response):
    return {enterprise.tax_code for enterprise in response.context["missing"]}


def test_vietnamese_numbers():
    assert vn_number(Decimal("1234.000000")) == "1.234"
    assert vn_number(Decimal("1234567.500000")) == "1.234.567,5"
    assert vn_number(0) == "0"


def test_department_head_sees_own_zones_missing_and_board_totals(demo, login, period, filed, own):
    response = login("truongphong").get(detail_url(period))
    assert response.status_code == 200
    in_scope = enterprises_of("HNA-DV2", "HNA-DV3")
    expected = {e.tax_code for e in in_scope} - {e.tax_code for e in filed}
    assert missing_tax_codes(response) == expected
    stats = response.context["stats"]
    assert (stats["targeted"], stats["on_time"], stats["late"], stats["missing"]) == (len(in_scope), 2, 1,
                                                                                      len(expected))
    # Its own department by zone and by enterprise, each enterprise linking to its submission.
    department = response.context["department_totals"]
    assert department["submissions"] == 3
    assert {zone["zone"].code for zone in department["zones"]} == {"HNA-DV2", "HNA-DV3"}
    content = response.content.decode()
    own_row = next(row for zone in department["zones"] for row in zone["enterprises"] if row["enterprise"] == own)
    url = own_row["url"]  # the report page of that period and enterprise: figures and revisions
    assert f'href="{url}"' in content and own.name in content
    assert resolve(url).kwargs == {"period_id": own_row["submission"].period_id, "enterprise_id": own.pk}
    assert login("truongphong").get(url).status_code == 200
    # The consolidating department sees the board's totals too.
    assert response.context["board_totals"]["submissions"] == 3
    assert 'id="board-table"' in content


def test_officer_sees_only_cs_tl_missing(demo, login, period, filed, own):
    response = login("canbo").get(detail_url(period))
    assert response.status_code == 200
    expected = {e.tax_code for e in enterprises_of("HNA-CS", "HNA-TL")}
    assert missing_tax_codes(response) == expected
    assert not {e.tax_code for e in enterprises_of("HNA-DV2")} & missing_tax_codes(response)
    assert own.tax_code not in response.content.decode()
    assert response.context["board_totals"] is None  # QLMT does not consolidate the board
    assert response.context["department_totals"]["submissions"] == 0


def test_leader_sees_board_totals_equal_to_sum_of_submitted_values(demo, login, period, filed):
    response = login("lanhdao").get(detail_url(period))
    assert response.status_code == 200
    board = response.context["board_totals"]
    codes = [column["code"] for column in response.context["columns"]]
    assert board["submissions"] == 3
    assert board["cells"][codes.index("workforce")] == vn_number(1200 + 300 + 1234) == "2.734"
    assert board["cells"][codes.index("workers_at_work")] == "2.380"
    assert board["cells"][codes.index("f1")] == "3"
    labels = [column["label"] for column in response.context["columns"]]
    assert all(labels) and labels != codes  # labels come from the template version
    assert response.context["department_totals"] is None
    assert len(missing_tax_codes(response)) == Enterprise.objects.filter(zone__code__in=ALL_ZONES).count() - 3
    assert 'id="board-total-row"' in response.content.decode()


def test_observer_reads_board_totals(demo, login, period, filed):
    response = login("quansat").get(detail_url(period))
    assert response.status_code == 200
    assert response.context["board_totals"]["submissions"] == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_of_missing_list_is_exactly_the_missing_in_scope(demo, login, period, filed, fmt):
    response = login("canbo").get(detail_url(period, export=fmt))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Mã số thuế"
    assert {row[0] for row in rows[1:]} == {e.tax_code for e in enterprises_of("HNA-CS", "HNA-TL")}


def test_export_follows_the_zone_filter(demo, login, period, filed):
    zone = Zone.objects.get(code="HNA-DV2")
    response = login("truongphong").get(detail_url(period, zone=zone.pk, export="csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    expected = {e.tax_code for e in enterprises_of("HNA-DV2")} - {e.tax_code for e in filed}
    assert {row[0] for row in rows[1:]} == expected


@pytest.mark.parametrize("username", ["doanhnghiep", "giangvien"])
def test_period_page_is_404_for_enterprise_and_outsiders(demo, login, period, username):
    assert login(username).get(detail_url(period)).status_code == 404


def test_unknown_period_is_404(demo, login):
    assert login("lanhdao").get(reverse("reporting:period_detail", args=[999999])).status_code == 404


def test_period_list_counts_in_scope(demo, login, period, filed):
    response = login("truongphong").get(reverse("reporting:period_list"))
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row["period"] == period
    assert (row["stats"]["on_time"], row["stats"]["late"]) == (2, 1)
    assert detail_url(period) in response.content.decode()
    response = login("canbo").get(reverse("reporting:period_list"), {"schedule": period.schedule_id})
    (row,) = response.context["rows"]
    assert (row["stats"]["on_time"], row["stats"]["late"]) == (0, 0)
    assert row["stats"]["missing"] == len(enterprises_of("HNA-CS", "HNA-TL"))
    old = (timezone.localdate() - datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    response = login("canbo").get(reverse("reporting:period_list"), {"date_to": old})
    assert response.context["rows"] == []


def test_period_list_for_enterprise_has_no_links(demo, login, period):
    response = login("doanhnghiep").get(reverse("reporting:period_list"))
    assert response.status_code == 200
    assert detail_url(period) not in response.content.decode()
    assert login("giangvien").get(reverse("reporting:period_list")).status_code == 404


def test_menu_and_home_panel(demo, login, period, filed):
    response = login("canbo").get(reverse("core:home"))
    content = response.content.decode()
    assert reverse("reporting:period_list") in content
    assert 'id="panel-reporting-today"' in content and detail_url(period) in content
    # The officer's reporting pages share one "Báo cáo" drop-down menu.
    menu = [item for item in response.context["nav_items"] if str(item["label"]) == "Báo cáo"]
    assert len(menu) == 1 and {str(child["label"]) for child in menu[0]["children"]} >= {
        "Nhập báo cáo", "Tình hình báo cáo", "Xu hướng", "Xuất số liệu báo cáo"}
    response = login("doanhnghiep").get(reverse("core:home"))
    assert 'id="panel-reporting-today"' not in response.content.decode()
    # An enterprise has one reporting page: a plain "Báo cáo" link to its reports, no drop-down.
    menu = [item for item in response.context["nav_items"] if str(item["label"]) == "Báo cáo"]
    assert len(menu) == 1 and "children" not in menu[0] and menu[0]["url"] == reverse("reporting:my_reports")


def test_period_page_offers_the_bulk_excel_upload_to_those_who_enter_reports(demo, login, period, user_named):
    url = detail_url(period)
    assert 'id="bulk-excel-link"' in login("canbo").get(url).content.decode()
    assert 'id="bulk-excel-link"' not in login("lanhdao").get(url).content.decode()  # reads, does not enter
    period_lock(user=user_named("admin"), period=period)
    assert 'id="bulk-excel-link"' not in login("canbo").get(url).content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_period_page_queries_do_not_grow_with_enterprises(demo, login, user_named, period):
    head = user_named("truongphong")
    in_scope = enterprises_of("HNA-DV2", "HNA-DV3")
    for enterprise in in_scope[:2]:
        submission_submit(user=head, period=period, enterprise=enterprise, values=values(100, 90))
    client = login("truongphong")
    url = detail_url(period)
    client.get(url)  # warm caches (session, content types)
    few = _queries(client, url)
    for enterprise in in_scope[2:10]:
        submission_submit(user=head, period=period, enterprise=enterprise, values=values(100, 90))
    many = _queries(client, url)
    assert len(in_scope) >= 10
    assert many == few
    assert _queries(login("lanhdao"), reverse("reporting:period_list")) < 20
