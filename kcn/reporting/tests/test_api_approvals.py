"""The approval chain through the API (GET approvals, POST approve and return) and the period's
consolidated totals (GET totals), with the demo users and real token authentication.

The schedule asks zones HNA-DV2 (Phòng Quản lý doanh nghiệp, the consolidating department, head
``truongphong``) and HNA-CS (Phòng Quản lý môi trường, head ``truongphong.moitruong``, officer
``canbo``).
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from kcn.registry.models import Enterprise
from kcn.reporting.models import Approval
from kcn.reporting.services import period_ensure, submission_submit
from kcn.reporting.tests.factories import daily_schedule


def values(workforce, at_work):
    return {"workforce": workforce, "workers_at_work": at_work, "returnees": 1, "workers_not_returned": 0,
            "f0": 0, "f1": 0, "f2": 0, "f3": 0, "notes": ""}


@pytest.fixture
def period(demo):
    schedule = daily_schedule(["HNA-DV2", "HNA-CS"])
    return period_ensure(schedule=schedule, around=timezone.localdate())[0]


@pytest.fixture
def reports(period, user_named):
    admin = user_named("admin")
    dv2 = list(Enterprise.objects.filter(zone__code="HNA-DV2").order_by("pk")[:2])
    cs = Enterprise.objects.filter(zone__code="HNA-CS").order_by("pk").first()
    return {
        "dv2": [submission_submit(user=admin, period=period, enterprise=dv2[0], values=values(100, 90)),
                submission_submit(user=admin, period=period, enterprise=dv2[1], values=values(1200, 1000))],
        "cs": submission_submit(user=admin, period=period, enterprise=cs, values=values(50, 40)),
    }


def url(name, period):
    return reverse(f"reporting-api:period-{name}", args=[period.pk])


def approve(client, period, level, department=None, comment=""):
    body = {"level": level, "comment": comment}
    if department is not None:
        body["department"] = department.pk
    return client.post(url("approve", period), body, format="json")


def give_back(client, period, level, department=None, comment="Số liệu KCN Châu Sơn sai"):
    body = {"level": level, "comment": comment}
    if department is not None:
        body["department"] = department.pk
    return client.post(url("return", period), body, format="json")


def steps(response):
    return {(step["level"], step["department"]): step for step in response.json()["steps"]}


def test_chain_shows_each_level_and_what_the_user_may_do(period, reports, qldn, qlmt, api):
    response = api("truongphong").get(url("approvals", period))
    assert response.status_code == 200
    chain = steps(response)
    assert list(chain) == [("department", qldn.pk), ("department", qlmt.pk), ("board", None), ("leader", None)]
    assert chain[("department", qldn.pk)]["can_approve"] is True
    assert chain[("department", qlmt.pk)]["can_approve"] is False  # another department's head approves it
    assert chain[("board", None)]["can_approve"] is False  # not before every department approved
    assert all(step["status"] == "pending" and step["by"] is None for step in chain.values())
    # The observer reads the chain and may do nothing.
    observed = steps(api("quansat").get(url("approvals", period)))
    assert not any(step["can_approve"] or step["can_return"] for step in observed.values())


def test_department_then_board_then_leader_through_the_api(period, reports, qldn, qlmt, api, user_named):
    answer = approve(api("truongphong.moitruong"), period, "department", qlmt, comment="Đủ số liệu")
    assert answer.status_code == 200, answer.content
    done = steps(answer)[("department", qlmt.pk)]
    assert done["status"] == "approved" and done["by"] == "truongphong.moitruong" and done["comment"] == "Đủ số liệu"
    head = api("truongphong")
    assert approve(head, period, "department", qldn).status_code == 200
    answer = approve(head, period, "board")
    assert answer.status_code == 200 and steps(answer)[("board", None)]["status"] == "approved"
    assert steps(answer)[("leader", None)]["can_approve"] is False  # the head of QLDN does not sign off
    answer = approve(api("lanhdao"), period, "leader", comment="Đồng ý")
    assert answer.status_code == 200 and answer.json()["is_locked"] is True
    period.refresh_from_db()
    assert period.is_locked and period.locked_by == user_named("lanhdao")
    assert Approval.objects.filter(period=period, status="approved").count() == 4


def test_refusals_say_why(period, reports, qldn, qlmt, api):
    head = api("truongphong")
    early = approve(head, period, "board")
    assert early.status_code == 409 and "Phòng Quản lý môi trường" in early.json()["detail"]
    assert approve(api("lanhdao"), period, "leader").status_code == 409
    officer = approve(api("canbo"), period, "department", qlmt)
    assert officer.status_code == 403 and "không duyệt" in officer.json()["detail"]
    assert approve(head, period, "department", qlmt).status_code == 403  # another department's level
    missing = approve(head, period, "department")
    assert missing.status_code == 400 and "department" in missing.json()
    wrong = head.post(url("approve", period), {"level": "province"}, format="json")
    assert wrong.status_code == 400 and "province" in str(wrong.json()["level"])
    assert not Approval.objects.exists()


def test_approving_twice_is_refused_and_stores_one_row(period, reports, qldn, api):
    head = api("truongphong")
    assert approve(head, period, "department", qldn).status_code == 200
    again = approve(head, period, "department", qldn)
    assert again.status_code == 409 and "đã được duyệt" in again.json()["detail"]
    assert Approval.objects.filter(period=period, department=qldn).count() == 1


def test_return_reopens_the_reports_and_voids_the_levels_above(period, reports, qldn, qlmt, api):
    approve(api("truongphong.moitruong"), period, "department", qlmt)
    head = api("truongphong")
    approve(head, period, "department", qldn)
    approve(head, period, "board")
    revise = reverse("reporting-api:submission-revise", args=[reports["cs"].pk])
    body = {"values": values(55, 40), "reason": "Sai số lao động"}
    assert api("admin").post(revise, body, format="json").status_code == 400  # approved: locked
    no_reason = give_back(head, period, "department", qlmt, comment="")
    assert no_reason.status_code == 400 and "comment" in no_reason.json()
    answer = give_back(head, period, "department", qlmt)  # the board's approver may return a level below
    assert answer.status_code == 200, answer.content
    chain = steps(answer)
    assert chain[("department", qlmt.pk)]["status"] == "returned"
    assert chain[("board", None)]["status"] == "returned"  # voided: the correction goes back through approval
    assert chain[("department", qldn.pk)]["status"] == "approved"
    assert api("admin").post(revise, body, format="json").status_code == 200
    nothing = give_back(head, period, "department", qlmt)
    assert nothing.status_code == 409 and "chưa được duyệt" in nothing.json()["detail"]


def test_only_a_leader_reopens_a_signed_period(period, reports, qldn, qlmt, api):
    approve(api("truongphong.moitruong"), period, "department", qlmt)
    head = api("truongphong")
    approve(head, period, "department", qldn)
    approve(head, period, "board")
    approve(api("lanhdao"), period, "leader")
    refused = give_back(head, period, "board")
    assert refused.status_code == 409 and "lãnh đạo Ban" in refused.json()["detail"]
    reopened = give_back(api("photruongban1"), period, "board")
    assert reopened.status_code == 200 and reopened.json()["is_locked"] is False


@pytest.mark.parametrize("username", ["doanhnghiep", "quanlychuongtrinh", "hocvien"])
def test_enterprises_and_other_roles_see_nothing(username, period, reports, qldn, api):
    client = api(username)
    for name in ("approvals", "totals"):
        assert client.get(url(name, period)).status_code == 404, name
    assert approve(client, period, "department", qldn).status_code == 404
    assert not Approval.objects.exists()


# --- Consolidated totals


def _workforce(node):
    return node["totals"]["workforce"]


def test_department_staff_get_their_department_by_zone_and_enterprise(period, reports, qlmt, api):
    response = api("canbo").get(url("totals", period))
    assert response.status_code == 200
    data = response.json()
    assert data["board"] is None
    department = data["department"]
    assert department["department"] == qlmt.pk and department["submissions"] == 1 and _workforce(department) == 50
    [zone] = department["zones"]
    assert zone["code"] == "HNA-CS" and _workforce(zone) == 50
    [row] = zone["enterprises"]
    assert row["submission"] == reports["cs"].pk and _workforce(row) == 50
    drill = api("canbo").get(row["submission_url"])
    assert drill.status_code == 200 and drill.json()["values"]["workforce"] == 50
    assert {"code": "workforce"}.items() <= data["fields"][0].items()


def test_leader_gets_the_board_by_department_and_zone(period, reports, qldn, qlmt, api):
    data = api("lanhdao").get(url("totals", period)).json()
    assert data["department"] is None
    board = data["board"]
    assert board["submissions"] == 3 and _workforce(board) == 1350
    by_department = {row["department"]: row for row in board["departments"]}
    assert _workforce(by_department[qldn.pk]) == 1300 and _workforce(by_department[qlmt.pk]) == 50
    [dv2] = by_department[qldn.pk]["zones"]
    assert dv2["code"] == "HNA-DV2" and dv2["submissions"] == 2
    listed = api("lanhdao").get(dv2["submissions_url"]).json()
    assert sorted(row["id"] for row in listed["results"]) == sorted(row.pk for row in reports["dv2"])


def test_consolidating_department_gets_both(period, reports, qldn, api):
    data = api("truongphong").get(url("totals", period)).json()
    assert data["department"]["department"] == qldn.pk and _workforce(data["department"]) == 1300
    assert _workforce(data["board"]) == 1350


def test_unknown_period_is_not_found(period, api):
    assert api("truongphong").get(reverse("reporting-api:period-totals", args=[period.pk + 1000])).status_code == 404
