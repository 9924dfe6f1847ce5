"""The inspections API as an officer's and an enterprise's clients use it."""

import datetime

import pytest
from django.utils import timezone

from kcn.inspections.choices import ActionStatus, InspectionStatus
from kcn.inspections.models import Checklist, CorrectiveAction, Inspection

from .conftest import photo

pytestmark = pytest.mark.django_db
BASE = "/api/v1/inspections"


def test_full_flow_through_the_api(demo, api, ent_dv2):
    officer, company = api("truongphong"), api("doanhnghiep")
    checklists = officer.get(f"{BASE}/checklists/").json()
    checklist = checklists["results"][0] if "results" in checklists else checklists[0]
    assert len(checklist["items"]) == Checklist.objects.get().items.count()

    today = timezone.localdate()
    created = officer.post(f"{BASE}/inspections/", {"enterprise": ent_dv2.pk, "date": today.isoformat()},
                           format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    items = [item["id"] for item in checklist["items"]]
    results = [{"item": item, "outcome": "pass"} for item in items]
    results[0] = {"item": items[0], "outcome": "fail", "note": "Thiếu khẩu trang"}
    answer = officer.post(f"{BASE}/inspections/{pk}/results/", {"results": results}, format="json")
    assert answer.status_code == 200, answer.json()

    early = officer.post(f"{BASE}/inspections/{pk}/finalise/", {"conclusion": "Đạt"}, format="json")
    assert early.status_code == 400 and "tồn tại" in str(early.json())

    finding = officer.post(f"{BASE}/findings/", {"inspection": pk, "item": items[0], "description": "Không đeo",
                                                 "upload": [photo()]}, format="multipart")
    assert finding.status_code == 201, finding.json()
    assert len(finding.json()["photos"]) == 1
    action = officer.post(f"{BASE}/actions/", {
        "inspection": pk, "finding": finding.json()["id"], "description": "Phát khẩu trang",
        "due_date": (today + datetime.timedelta(days=3)).isoformat()}, format="json")
    assert action.status_code == 201, action.json()
    action_id = action.json()["id"]

    # The enterprise sees nothing of a draft.
    assert company.get(f"{BASE}/inspections/{pk}/").status_code == 404
    assert company.get(f"{BASE}/actions/{action_id}/").status_code == 404

    done = officer.post(f"{BASE}/inspections/{pk}/finalise/", {"conclusion": "Cơ bản đạt"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == InspectionStatus.FINALISED
    assert officer.patch(f"{BASE}/inspections/{pk}/", {"conclusion": "x"}, format="json").status_code == 400

    assert company.get(f"{BASE}/inspections/{pk}/").status_code == 200
    assert company.post(f"{BASE}/actions/{action_id}/verify/", {"accepted": True}, format="json").status_code == 404
    fixed = company.post(f"{BASE}/actions/{action_id}/report-fix/", {"note": "Đã phát khẩu trang"}, format="json")
    assert fixed.status_code == 200 and fixed.json()["status"] == ActionStatus.FIXED
    verified = officer.post(f"{BASE}/actions/{action_id}/verify/", {"accepted": True}, format="json")
    assert verified.status_code == 200 and verified.json()["status"] == ActionStatus.VERIFIED


def test_api_refuses_future_dates_and_other_departments(demo, api, ent_dv2):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    answer = api("truongphong").post(f"{BASE}/inspections/", {"enterprise": ent_dv2.pk, "date": tomorrow},
                                     format="json")
    assert answer.status_code == 400 and "date" in answer.json()
    other = api("canbo").post(f"{BASE}/inspections/", {"enterprise": ent_dv2.pk,
                                                       "date": timezone.localdate().isoformat()}, format="json")
    assert other.status_code == 400 and "enterprise" in other.json()
    assert api("quansat").get(f"{BASE}/inspections/").status_code == 404
    assert not Inspection.objects.exists() and not CorrectiveAction.objects.exists()
