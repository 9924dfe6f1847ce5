"""The courses API as a client of a programme manager, a trainer and a trainee uses it."""

import datetime

import pytest

from kcn.training.choices import EnrolmentStatus
from kcn.training.models import Enrolment, Session

pytestmark = pytest.mark.django_db
BASE = "/api/v1/training"


def test_course_with_modules_and_session_with_days(training_world, api):
    w = training_world
    client = api("giangvien")
    course = client.get(f"{BASE}/courses/{w['c1'].pk}/").json()
    assert [m["title"] for m in course["modules"]][:2] == ["Lập kế hoạch", "Thực hiện"]
    session = client.get(f"{BASE}/sessions/{w['s1'].pk}/").json()
    assert len(session["days"]) == 5 and session["days"][-1]["kind"] == "field"
    assert client.get(f"{BASE}/courses/{w['c2'].pk}/").status_code == 404


def test_manager_creates_a_session_and_its_days_are_generated(training_world, api):
    w = training_world
    start = w["c1"].start_date + datetime.timedelta(days=30)
    response = api("quanlychuongtrinh").post(f"{BASE}/sessions/", {
        "course": w["c1"].pk, "place": "Hải Phòng", "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=2)).isoformat(), "trainers": [w["trainer"].pk]}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == 2
    assert [d["kind"] for d in response.json()["days"]] == ["class", "class", "field"]
    response = api("quanlychuongtrinh").post(f"{BASE}/sessions/", {
        "course": w["c1"].pk, "place": "Huế", "start_date": start.isoformat(), "end_date": start.isoformat(),
        "trainers": [w["other_trainer"].pk]}, format="json")
    assert response.status_code == 400 and "trainers" in response.json()
    assert Session.objects.filter(course=w["c1"]).count() == 2


def test_duplicate_enrolment_is_a_400_with_the_message(training_world, api):
    w = training_world
    client = api("quanlychuongtrinh")
    response = client.post(f"{BASE}/enrolments/", {"course": w["c1"].pk, "trainee": w["t1"].pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"trainee": ["Lý Thị Hoa đã ghi danh khóa này."]}
    response = client.post(f"{BASE}/enrolments/", {"course": w["c2"].pk, "trainee": w["t1"].pk}, format="json")
    assert response.status_code == 400 and "course" in response.json()


def test_withdraw_action(training_world, api):
    w = training_world
    response = api("quanlychuongtrinh").post(f"{BASE}/enrolments/{w['e2'].pk}/withdraw/", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == EnrolmentStatus.WITHDRAWN
    assert api("giangvien").post(f"{BASE}/enrolments/{w['e1'].pk}/withdraw/", {}).status_code == 404
    assert Enrolment.objects.get(pk=w["e1"].pk).status == EnrolmentStatus.ENROLLED


def test_trainee_sees_only_their_own_enrolment_and_updates_their_phone(training_world, api):
    w = training_world
    client = api("hocvien")
    assert [row["id"] for row in client.get(f"{BASE}/enrolments/").json()["results"]] == [w["e1"].pk]
    response = client.patch(f"{BASE}/trainees/{w['t1'].pk}/", {"phone": "0901000000", "sectors": ["20"],
                                                              "full_name": "Đổi tên"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "0901000000" and response.json()["full_name"] == "Lý Thị Hoa"
    assert response.json()["sectors"] == ["20"]
    assert client.patch(f"{BASE}/trainees/{w['t2'].pk}/", {"phone": "1"}, format="json").status_code == 404


def test_trainer_schedules_coaching_and_marks_it_done(training_world, api):
    w = training_world
    client = api("giangvien")
    response = client.post(f"{BASE}/coaching/", {
        "session": w["s1"].pk, "enterprise_name": "Công ty CP Thép", "start_date": w["s1"].start_date.isoformat(),
        "end_date": w["s1"].start_date.isoformat(), "trainers": [w["trainer"].pk],
        "participants": [w["e1"].pk]}, format="json")
    assert response.status_code == 201, response.json()
    response = client.post(f"{BASE}/coaching/{response.json()['id']}/done/", {"notes": "Xong"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert client.post(f"{BASE}/coaching/{w['k2'].pk}/done/", {}, format="json").status_code == 404
