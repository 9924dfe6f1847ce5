"""The permission matrix: every role × every page and export × an object inside and outside scope.

The expectations are written out as data (who may see, change and add what) rather than derived
from the code under test, so that a change of scope rules shows up here as a failing cell.
A second board (Hải Phòng) gives every role an object that is out of its scope.
"""

import re

import pytest
from django.urls import reverse

from kcn.registry.models import Department, Enterprise
from tests.conftest import ROLES

HN = {"zone_dv2", "zone_cs", "ent_dv2", "ent_cs", "dept_qldn", "staff_canbo", "assign_cs", "assign_dv2",
      "oversight_hn", "eu_dv2", "obs_hn"}
OTHER = {"zone_hp", "ent_hp", "dept_hp", "staff_hp", "assign_hp", "oversight_hp", "eu_hp", "obs_hp"}
EVERYTHING = HN | OTHER

# Objects each role may open (detail page, and in list and export).
VISIBLE = {
    "admin": EVERYTHING,
    "lanhdao": HN,
    "truongphong": {"zone_dv2", "ent_dv2", "dept_qldn", "staff_canbo", "assign_cs", "assign_dv2", "oversight_hn",
                    "eu_dv2"},
    "canbo": {"zone_cs", "ent_cs", "dept_qldn", "staff_canbo", "assign_cs", "assign_dv2", "oversight_hn"},
    "doanhnghiep": {"zone_dv2", "ent_dv2", "assign_dv2", "eu_dv2"},
    "quansat": HN - {"staff_canbo", "eu_dv2", "obs_hn"},
    "quanlychuongtrinh": {"zone_dv2", "zone_cs", "zone_hp", "ent_dv2", "ent_cs", "ent_hp", "dept_qldn", "dept_hp"},
    "giangvien": set(),
    "hocvien": set(),
}

# Objects each role may edit.
CHANGEABLE = {
    "admin": EVERYTHING,
    "lanhdao": {"zone_dv2", "zone_cs", "ent_dv2", "ent_cs"},
    "truongphong": {"zone_dv2", "ent_dv2", "dept_qldn"},
    "canbo": {"ent_cs"},
    "doanhnghiep": {"ent_dv2"},
}

# Models each role may create.
ADDABLE = {
    "admin": {"zone", "enterprise", "department", "staff", "assignment", "oversight", "user", "enterpriseuser",
              "observer"},
    "lanhdao": {"zone", "enterprise"},
    "truongphong": {"enterprise"},
    "canbo": {"enterprise"},
}

# Every resource's pages follow the same URL naming: <app>:<model>_list, _detail, _edit, _add.
APPS = {"zone": "registry", "enterprise": "registry", "department": "registry", "staff": "registry",
        "assignment": "registry", "oversight": "registry", "enterpriseuser": "registry", "observer": "registry",
        "user": "accounts"}
EXPORTABLE_LISTS = {model: f"{app}:{model}_list" for model, app in APPS.items()}
DETAIL = {model: f"{app}:{model}_detail" for model, app in APPS.items() if model != "user"}
EDIT = {model: f"{app}:{model}_edit" for model, app in APPS.items() if model != "user"}
ADD = {model: f"{app}:{model}_add" for model, app in APPS.items()}
# Roles that may see a list page at all (the model's table in permissions.py).
LIST_ROLES = {
    "zone": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat", "quanlychuongtrinh"},
    "enterprise": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat", "quanlychuongtrinh"},
    "department": {"admin", "lanhdao", "truongphong", "canbo", "quansat", "quanlychuongtrinh"},
    "staff": {"admin", "lanhdao", "truongphong", "canbo"},
    "assignment": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat"},
    "oversight": {"admin", "lanhdao", "truongphong", "canbo", "quansat"},
    "user": {"admin"},
    "enterpriseuser": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep"},
    "observer": {"admin", "lanhdao"},
}
EXPORT_ROLES = {model: roles - {"doanhnghiep"} for model, roles in LIST_ROLES.items()}


def _model_of(key):
    return {"zone": "zone", "ent": "enterprise", "dept": "department", "staff": "staff", "assign": "assignment",
            "oversight": "oversight", "eu": "enterpriseuser", "obs": "observer"}[key.split("_")[0]]


@pytest.mark.parametrize("role", ROLES)
def test_detail_and_edit_pages(role, objects, login):
    client = login(role)
    for key, obj in objects.items():
        model = _model_of(key)
        detail = client.get(reverse(DETAIL[model], args=[obj.pk]))
        expected = 200 if key in VISIBLE[role] else 404
        assert detail.status_code == expected, f"{role} detail {key}: {detail.status_code} != {expected}"
        edit = client.get(reverse(EDIT[model], args=[obj.pk]))
        expected = 200 if key in CHANGEABLE.get(role, set()) else 404
        assert edit.status_code == expected, f"{role} edit {key}: {edit.status_code} != {expected}"


@pytest.mark.parametrize("role", ROLES)
def test_list_pages_show_only_what_is_in_scope(role, objects, login):
    client = login(role)
    for model, url_name in EXPORTABLE_LISTS.items():
        response = client.get(reverse(url_name), {"per_page": 200})
        expected = 200 if role in LIST_ROLES[model] else 404
        assert response.status_code == expected, f"{role} list {model}"
        if expected != 200 or model == "user":
            continue
        listed = {record.pk for record in response.context["table"].records}
        for key, obj in objects.items():
            if _model_of(key) == model:
                assert (obj.pk in listed) == (key in VISIBLE[role]), f"{role} list {model} shows {key}?"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_follow_scope(role, fmt, objects, login):
    client = login(role)
    for model, url_name in EXPORTABLE_LISTS.items():
        response = client.get(reverse(url_name), {"export": fmt})
        expected = 200 if role in EXPORT_ROLES[model] else 404
        assert response.status_code == expected, f"{role} export {model} {fmt}"
        if expected != 200 or model != "enterprise":
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if fmt == "csv":
            text = body.decode("utf-8-sig")
            for key in ("ent_dv2", "ent_cs", "ent_hp"):
                assert (objects[key].tax_code in text) == (key in VISIBLE[role]), f"{role} csv {key}"
        else:
            import io

            import openpyxl

            sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
            codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
            for key in ("ent_dv2", "ent_cs", "ent_hp"):
                assert (objects[key].tax_code in codes) == (key in VISIBLE[role]), f"{role} xlsx {key}"


@pytest.mark.parametrize("role", ROLES)
def test_add_pages(role, objects, login):
    client = login(role)
    for model, url_name in ADD.items():
        response = client.get(reverse(url_name))
        expected = 200 if model in ADDABLE.get(role, set()) else 404
        assert response.status_code == expected, f"{role} add {model}"


def test_anonymous_is_sent_to_login(objects, client):
    urls = [reverse(name) for name in EXPORTABLE_LISTS.values()] + [reverse("core:home")]
    urls += [reverse(DETAIL[_model_of(key)], args=[obj.pk]) for key, obj in objects.items()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url


def test_not_found_and_not_allowed_look_the_same(objects, login):
    client = login("canbo")
    hidden_url = reverse("registry:enterprise_detail", args=[objects["ent_dv2"].pk])
    missing_url = reverse("registry:enterprise_detail", args=[999999])
    hidden, missing = client.get(hidden_url), client.get(missing_url)
    assert hidden.status_code == missing.status_code == 404
    # The page echoes its own address (the language switch returns there) and a fresh CSRF token;
    # apart from those, identical.
    def normalised(response, url):
        text = response.content.decode().replace(url, "URL")
        return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1TOKEN", text)

    assert normalised(hidden, hidden_url) == normalised(missing, missing_url)
    assert "ngoài phạm vi" in hidden.content.decode()


# --- The API: the same expectations as the pages.

API_LIST = {
    "zone": "registry-api:zone-list", "enterprise": "registry-api:enterprise-list",
    "department": "registry-api:department-list", "staff": "registry-api:staff-list",
    "assignment": "registry-api:assignment-list", "oversight": "registry-api:oversight-list",
}
API_DETAIL = {model: name.replace("-list", "-detail") for model, name in API_LIST.items()}



@pytest.mark.parametrize("role", ROLES)
def test_api_lists_and_objects_follow_scope(role, objects, api):
    client = api(role)
    for model, name in API_LIST.items():
        response = client.get(reverse(name), {"page_size": 500})
        expected = 200 if role in LIST_ROLES[model] else 404
        assert response.status_code == expected, f"{role} api list {model}"
        if expected == 200:
            listed = {row["id"] for row in response.json()["results"]}
            for key, obj in objects.items():
                if _model_of(key) == model:
                    assert (obj.pk in listed) == (key in VISIBLE[role]), f"{role} api list {model} shows {key}?"
    for key, obj in objects.items():
        model = _model_of(key)
        if model not in API_DETAIL:
            continue
        url = reverse(API_DETAIL[model], args=[obj.pk])
        expected = 200 if key in VISIBLE[role] else 404
        assert client.get(url).status_code == expected, f"{role} api get {key}"
        # An empty PATCH changes nothing but goes through the whole write path and its scope check.
        expected = 200 if key in CHANGEABLE.get(role, set()) else 404
        assert client.patch(url, {}, format="json").status_code == expected, f"{role} api patch {key}"


def test_api_refuses_anonymous(objects):
    from rest_framework.test import APIClient

    client = APIClient()
    for name in API_LIST.values():
        assert client.get(reverse(name)).status_code == 401
    assert client.get(reverse(API_DETAIL["enterprise"], args=[objects["ent_cs"].pk])).status_code == 401


def test_api_delete_outside_scope_is_not_found_and_deletes_nothing(objects, api):
    response = api("canbo").delete(reverse(API_DETAIL["enterprise"], args=[objects["ent_dv2"].pk]))
    assert response.status_code == 404
    assert Enterprise.objects.filter(pk=objects["ent_dv2"].pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_deleted_enterprises_page(role, objects, login):
    response = login(role).get(reverse("registry:enterprise_deleted"))
    assert response.status_code == (200 if "enterprise" in ADDABLE.get(role, set()) else 404), role


# --- Reporting API: the lists and one enterprise's submission, inside and outside each scope.

REPORTING_LIST_ROLES = {
    "template": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat", "quanlychuongtrinh"},
    "schedule": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat"},
    "period": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat"},
    "submission": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat"},
}
# Who may open the daily report that doanhnghiep's enterprise (zone Đồng Văn II) submitted.
SUBMISSION_VISIBLE = {"admin", "lanhdao", "truongphong", "doanhnghiep", "quansat"}


@pytest.fixture
def submitted(objects, user_named):
    from django.utils import timezone

    from kcn.reporting.choices import Frequency, TargetKind
    from kcn.reporting.models import ReportTemplate, Schedule
    from kcn.reporting.services import period_ensure, submission_submit

    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=objects["zone_dv2"].board,
        name="Báo cáo dịch hằng ngày", target=TargetKind.ZONES, frequency=Frequency.DAILY)
    schedule.zones.set([objects["zone_dv2"]])
    period = period_ensure(schedule=schedule, around=timezone.localdate())[0]
    values = {"workforce": 100, "workers_at_work": 90, "returnees": 1, "workers_not_returned": 2,
              "f0": 0, "f1": 0, "f2": 0, "f3": 0}
    return submission_submit(user=user_named("doanhnghiep"), period=period, enterprise=objects["ent_dv2"],
                             values=values)


@pytest.mark.parametrize("role", ROLES)
def test_reporting_api_follows_scope(role, submitted, api):
    client = api(role)
    for model, roles in REPORTING_LIST_ROLES.items():
        response = client.get(reverse(f"reporting-api:{model}-list"))
        assert response.status_code == (200 if role in roles else 404), f"{role} reporting {model} list"
    detail = client.get(reverse("reporting-api:submission-detail", args=[submitted.pk]))
    assert detail.status_code == (200 if role in SUBMISSION_VISIBLE else 404), f"{role} submission"
    revisions = client.get(reverse("reporting-api:submission-revisions", args=[submitted.pk]))
    assert revisions.status_code == (200 if role in SUBMISSION_VISIBLE else 404), f"{role} revisions"


# --- Reporting pages

PERIOD_LIST_ROLES = {"admin", "lanhdao", "truongphong", "canbo", "quansat", "doanhnghiep"}
PERIOD_PAGE_ROLES = {"admin", "lanhdao", "truongphong", "canbo", "quansat"}


@pytest.fixture
def other_board_period(objects):
    from django.utils import timezone

    from kcn.reporting.choices import Frequency, TargetKind
    from kcn.reporting.models import ReportTemplate, Schedule
    from kcn.reporting.services import period_ensure

    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=objects["zone_hp"].board,
        name="Báo cáo Hải Phòng", target=TargetKind.ZONES, frequency=Frequency.DAILY)
    schedule.zones.set([objects["zone_hp"]])
    return period_ensure(schedule=schedule, around=timezone.localdate())[0]


@pytest.mark.parametrize("role", ROLES)
def test_reporting_pages_follow_scope(role, submitted, other_board_period, login):
    client = login(role)
    period = submitted.period
    assert client.get(reverse("reporting:period_list")).status_code == (200 if role in PERIOD_LIST_ROLES else 404)
    detail = reverse("reporting:period_detail", args=[period.pk])
    expected = 200 if role in PERIOD_PAGE_ROLES else 404
    assert client.get(detail).status_code == expected, f"{role} period page"
    assert client.get(detail, {"export": "xlsx"}).status_code == expected, f"{role} missing-list export"
    other = client.get(reverse("reporting:period_detail", args=[other_board_period.pk])).status_code
    assert other == (200 if role == "admin" else 404), f"{role} other board's period"
    assert client.get(reverse("reporting:my_reports")).status_code == (
        200 if role in REPORTING_LIST_ROLES["submission"] else 404), f"{role} my reports"
    fill = client.get(reverse("reporting:report_fill", args=[period.pk, submitted.enterprise_id]))
    assert fill.status_code == (200 if role in SUBMISSION_VISIBLE else 404), f"{role} report page"


@pytest.mark.parametrize("role", ROLES)
def test_consolidated_report_downloads_follow_scope(role, submitted, login):
    client = login(role)
    for name in ("reporting:period_export_xlsx", "reporting:period_export_pdf"):
        response = client.get(reverse(name, args=[submitted.period_id]))
        assert response.status_code == (200 if role in PERIOD_PAGE_ROLES else 404), f"{role} {name}"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_department_head_approves_the_departments_report(role, submitted, login):
    from kcn.reporting.models import Approval

    department = Department.objects.get(name="Phòng Quản lý doanh nghiệp",
                                    board=submitted.period.schedule.board)
    response = login(role).post(reverse("reporting:period_approve", args=[submitted.period_id]),
                                {"level": "department", "department": department.pk, "comment": ""})
    approved = Approval.objects.filter(period=submitted.period, department=department).exists()
    if role == "truongphong":
        assert response.status_code == 302 and approved
    else:
        assert response.status_code == 404 and not approved, role


# --- Notifications: every role has an inbox and sees only its own (administrators included).


@pytest.mark.parametrize("role", ROLES)
def test_notifications_are_each_users_own(role, objects, login, api, user_named):
    from kcn.communications.choices import ChannelName
    from kcn.communications.services import notify

    [mine] = notify(recipients=[user_named(role)], title="Thông báo của tôi", url="/",
                    channels=[ChannelName.IN_APP])
    other_user = user_named("hp.lanhdao")
    [other] = notify(recipients=[other_user], title="Thông báo của người khác", url="/",
                     channels=[ChannelName.IN_APP])
    client = login(role)
    inbox = client.get(reverse("communications:notification_list"))
    assert inbox.status_code == 200, f"{role} inbox"
    assert [notification.pk for notification in inbox.context["page"]] == [mine.pk], f"{role} inbox rows"
    assert client.get(reverse("communications:notification_open", args=[other.pk])).status_code == 404, role
    assert client.get(reverse("communications:notification_open", args=[mine.pk])).status_code == 302, role
    rest = api(role)
    listed = rest.get(reverse("communications-api:notification-list")).json()["results"]
    assert [row["id"] for row in listed] == [mine.pk], f"{role} api notifications"
    assert rest.get(reverse("communications-api:notification-detail", args=[other.pk])).status_code == 404, role
    assert rest.post(reverse("communications-api:notification-read", args=[other.pk])).status_code == 404, role
    other.refresh_from_db()
    assert other.read_at is None


def test_notification_pages_refuse_anonymous(objects, client):
    from rest_framework.test import APIClient

    response = client.get(reverse("communications:notification_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert APIClient().get(reverse("communications-api:notification-list")).status_code == 401


# --- Raw data export ("Xuất số liệu báo cáo"): the page, its download and the API endpoint.

DATA_EXPORT_ROLES = {"admin", "lanhdao", "truongphong", "canbo", "quansat"}
# Who finds doanhnghiep's report (zone Đồng Văn II) in the file; canbo gets a file without it.
DATA_EXPORT_SEES = DATA_EXPORT_ROLES - {"canbo"}


def _data_rows(response):
    import io

    import openpyxl

    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("role", ROLES)
def test_data_export_follows_scope(role, submitted, other_board_period, login, api):
    day = submitted.period.start.strftime("%d/%m/%Y")
    client = login(role)
    page = reverse("reporting:data_export")
    allowed = role in DATA_EXPORT_ROLES
    assert client.get(page).status_code == (200 if allowed else 404), f"{role} data export page"
    query = {"schedule": submitted.period.schedule_id, "date_from": day, "date_to": day}
    response = client.get(page, query)
    assert response.status_code == (200 if allowed else 404), f"{role} data export download"
    if allowed:
        expected = [submitted.enterprise.tax_code] if role in DATA_EXPORT_SEES else []
        assert _data_rows(response) == expected, f"{role} data export rows"
    other = client.get(page, {**query, "schedule": other_board_period.schedule_id}).status_code
    assert other == ({"admin": 200}.get(role, 400) if allowed else 404), f"{role} other board's schedule"

    client = api(role)
    url = reverse("reporting-api:submission-data-export")
    api_response = client.get(url, {"schedule": submitted.period.schedule_id, "date_from": day, "date_to": day})
    assert api_response.status_code == (200 if allowed else 404), f"{role} data export API"
    if allowed:
        assert _data_rows(api_response) == expected, f"{role} data export API rows"
    other = client.get(url, {"schedule": other_board_period.schedule_id}).status_code
    assert other == (200 if role == "admin" else 404), role


def test_data_export_refuses_anonymous(objects, client):
    response = client.get(reverse("reporting:data_export"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


# --- Reporting by Excel: one report's workbook and upload page, a period's bulk workbook and page.

# Who may download and upload the workbook of doanhnghiep's report (enter reports and see the enterprise).
REPORT_EXCEL_ROLES = {"admin", "truongphong", "doanhnghiep"}
# Who may enter a period's reports for many enterprises (board officers who enter reports).
BULK_EXCEL_ROLES = {"admin", "truongphong", "canbo"}


@pytest.mark.parametrize("role", ROLES)
def test_report_excel_pages_follow_scope(role, submitted, other_board_period, login, api):
    client = login(role)
    period, enterprise = submitted.period_id, submitted.enterprise_id
    for name in ("reporting:report_workbook", "reporting:report_upload"):
        response = client.get(reverse(name, args=[period, enterprise]))
        assert response.status_code == (200 if role in REPORT_EXCEL_ROLES else 404), f"{role} {name}"
    for name in ("reporting:period_workbook", "reporting:period_upload"):
        response = client.get(reverse(name, args=[period]))
        assert response.status_code == (200 if role in BULK_EXCEL_ROLES else 404), f"{role} {name}"
        other = client.get(reverse(name, args=[other_board_period.pk])).status_code
        assert other == (200 if role == "admin" else 404), f"{role} {name} other board"
    # The API's workbook download: the same roles as the single report's page.
    answer = api(role).get(reverse("reporting-api:submission-upload"), {"period": period, "enterprise": enterprise})
    assert answer.status_code == (200 if role in REPORT_EXCEL_ROLES else 404), f"{role} upload API workbook"


# --- Report design pages and the design API: administrators design; the others read the API only.

DESIGN_PAGE_ROLES = {"admin"}
DESIGN_API_READ_ROLES = {
    "template": REPORTING_LIST_ROLES["template"], "version": REPORTING_LIST_ROLES["template"],
    "field": REPORTING_LIST_ROLES["template"], "rule": REPORTING_LIST_ROLES["template"],
    "schedule": REPORTING_LIST_ROLES["schedule"],
}


@pytest.mark.parametrize("role", ROLES)
def test_report_design_pages(role, submitted, login):
    from kcn.reporting.models import Field

    client = login(role)
    version = submitted.version
    schedule = submitted.period.schedule
    field = Field.objects.filter(version=version).first()
    urls = [reverse("reporting:template_list"), reverse("reporting:template_add"),
            reverse("reporting:template_detail", args=[version.template_id]),
            reverse("reporting:template_edit", args=[version.template_id]),
            reverse("reporting:version_detail", args=[version.pk]),
            reverse("reporting:version_preview", args=[version.pk]),
            reverse("reporting:schedule_list"), reverse("reporting:schedule_add"),
            reverse("reporting:schedule_detail", args=[schedule.pk]),
            reverse("reporting:schedule_edit", args=[schedule.pk])]
    expected = 200 if role in DESIGN_PAGE_ROLES else 404
    for url in urls:
        assert client.get(url).status_code == expected, f"{role} {url}"
    # A published version's field: its edit page sends the administrator back, and is not found for others.
    edit = client.get(reverse("reporting:field_edit", args=[field.pk]))
    assert edit.status_code == (302 if role in DESIGN_PAGE_ROLES else 404), f"{role} field edit"


@pytest.mark.parametrize("role", ROLES)
def test_report_design_api(role, submitted, api):
    client = api(role)
    for model, roles in DESIGN_API_READ_ROLES.items():
        response = client.get(reverse(f"reporting-api:{model}-list"))
        assert response.status_code == (200 if role in roles else 404), f"{role} {model} list"
    template = submitted.version.template
    created = client.post(reverse("reporting-api:version-list"), {"template": template.pk}, format="json")
    assert created.status_code == (201 if role == "admin" else 404), f"{role} new version"
    patched = client.patch(reverse("reporting-api:schedule-detail", args=[submitted.period.schedule_id]), {},
                           format="json")
    assert patched.status_code == (200 if role == "admin" else 404), f"{role} schedule patch"


# --- Reporting trends (page and API), and a period's approval chain and totals in the API

TREND_BOARD_ROLES = {"admin", "lanhdao", "truongphong", "quansat"}  # truongphong: the consolidating department


@pytest.mark.parametrize("role", ROLES)
def test_trends_and_period_totals_follow_scope(role, objects, submitted, other_board_period, login, api):
    schedule, period = submitted.period.schedule, submitted.period
    page = login(role).get(reverse("reporting:trends"), {"schedule": schedule.pk})
    assert page.status_code == (200 if role in PERIOD_PAGE_ROLES else 404), f"{role} trends page"
    client, trends = api(role), reverse("reporting-api:trend-list")
    for level, obj in (("board", schedule.board), ("zone", objects["zone_dv2"])):
        response = client.get(trends, {"schedule": schedule.pk, "level": level, "object": obj.pk})
        assert response.status_code == (200 if role in TREND_BOARD_ROLES else 404), f"{role} {level} trend"
    other = other_board_period.schedule
    response = client.get(trends, {"schedule": other.pk, "level": "board", "object": other.board_id})
    assert response.status_code == (200 if role == "admin" else 404), f"{role} other board's trend"
    for name in ("approvals", "totals"):
        response = client.get(reverse(f"reporting-api:period-{name}", args=[period.pk]))
        assert response.status_code == (200 if role in PERIOD_PAGE_ROLES else 404), f"{role} period {name}"
        response = client.get(reverse(f"reporting-api:period-{name}", args=[other_board_period.pk]))
        assert response.status_code == (200 if role == "admin" else 404), f"{role} other board's period {name}"
