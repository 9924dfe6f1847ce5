"""The courses pages as a programme manager, a trainer and a trainee use them."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kcn.training.choices import DayKind, EnrolmentStatus, OrganisationType
from kcn.training.models import Course, Enrolment, Session, Trainee

pytestmark = pytest.mark.django_db


def _d(date):
    return date.strftime("%d/%m/%Y")


def test_manager_creates_a_course_adds_a_session_and_enrols_a_trainee(training_world, login):
    w = training_world
    client = login("quanlychuongtrinh")
    start = datetime.date(2026, 9, 7)
    response = client.post(reverse("training:course_add"), {
        "programme": w["p1"].pk, "number": 2, "name": "Kỹ năng tư vấn nâng cao", "start_date": _d(start),
        "end_date": _d(start + datetime.timedelta(days=60)), "status": "planned", "trainers": [w["trainer"].pk],
        "modules_text": "Lập kế hoạch\nThực hiện\n"})
    assert response.status_code == 302, response.content.decode()[:3000]
    course = Course.objects.get(programme=w["p1"], number=2)
    assert course.modules.count() == 2

    response = client.post(reverse("training:session_add", args=[course.pk]), {
        "place": "Ninh Bình", "province": 37, "start_date": _d(start), "end_date": _d(start + datetime.timedelta(4)),
        "trainers": [w["trainer"].pk], "modules": [m.pk for m in course.modules.all()]})
    assert response.status_code == 302, response.content.decode()[:3000]
    session = Session.objects.get(course=course)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "4 ngày trên lớp, 1 ngày tham quan thực tế" in page

    days = list(session.days.order_by("date"))
    data = {}
    for day in days:
        data[f"kind_{day.pk}"] = day.kind
        data[f"topic_{day.pk}"] = ""
    data[f"half_{days[3].pk}"] = "on"
    assert client.post(session.get_absolute_url(), data).status_code == 302
    page = client.get(course.get_absolute_url()).content.decode()
    assert "3,5 ngày trên lớp, 1 ngày tham quan thực tế" in page

    response = client.post(reverse("training:enrolment_add", args=[course.pk]), {
        "full_name": "Phạm Văn Đức", "organisation": "Trung tâm Khuyến công Nam Định",
        "organisation_type": OrganisationType.PROMOTION_CENTRE, "province": 37})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Enrolment.objects.get(course=course).trainee.full_name == "Phạm Văn Đức"
    response = client.post(reverse("training:enrolment_add", args=[course.pk]), {"trainee": w["t1"].pk})
    assert response.status_code == 302


def test_a_second_enrolment_shows_a_clear_message(training_world, login):
    w = training_world
    client = login("quanlychuongtrinh")
    response = client.post(reverse("training:enrolment_add", args=[w["c1"].pk]), {"trainee": w["t1"].pk})
    assert response.status_code == 400
    assert "Lý Thị Hoa đã ghi danh khóa này." in response.content.decode()
    assert Enrolment.objects.filter(course=w["c1"]).count() == 2


def test_session_form_refuses_a_trainer_of_another_course(training_world, login):
    w = training_world
    client = login("quanlychuongtrinh")
    response = client.post(reverse("training:session_add", args=[w["c1"].pk]), {
        "place": "Huế", "start_date": _d(w["c1"].start_date), "end_date": _d(w["c1"].start_date),
        "trainers": [w["other_trainer"].pk]})
    assert response.status_code == 400
    assert w["c1"].sessions.count() == 1


def test_course_detail_shows_days_enrolments_and_province_labels(training_world, login):
    w = training_world
    page = login("giangvien").get(w["c1"].get_absolute_url()).content.decode()
    assert "3,5 ngày trên lớp, 1 ngày tham quan thực tế" in page
    assert "Lý Thị Hoa" in page and "Trần Văn Bình" in page
    assert "Bắc Kạn (nay thuộc Thái Nguyên)" in page
    assert "Công ty CP Giấy Hoàng Văn Thụ" in page
    assert 'id="add-session"' not in page


def test_roster_search_without_diacritics_and_export(training_world, login):
    client = login("quanlychuongtrinh")
    response = client.get(reverse("training:trainee_list"), {"q": "tran van binh"})
    assert [t.full_name for t in response.context["table"].records] == ["Trần Văn Bình"]
    response = client.get(reverse("training:trainee_list"), {"organisation_type": OrganisationType.DOIT,
                                                              "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên" and [r[0] for r in rows[1:]] == ["Trần Văn Bình"]


@pytest.mark.parametrize("url_name", ["programme_list", "course_list", "trainee_list", "coaching_list"])
def test_every_list_exports_xlsx(training_world, login, url_name):
    response = login("quanlychuongtrinh").get(reverse(f"training:{url_name}"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row >= 2


def test_trainee_updates_own_phone_and_sectors_only(training_world, login):
    w = training_world
    client = login("hocvien")
    response = client.post(reverse("training:trainee_edit", args=[w["t1"].pk]), {
        "phone": "0987654321", "experience": "Tư vấn ngành dệt", "sectors": ["13"], "full_name": "Khác"})
    assert response.status_code == 302, response.content.decode()[:2000]
    trainee = Trainee.objects.get(pk=w["t1"].pk)
    assert (trainee.full_name, trainee.phone) == ("Lý Thị Hoa", "0987654321")
    assert list(trainee.sectors.values_list("sector", flat=True)) == ["13"]
    assert client.get(reverse("training:trainee_edit", args=[w["t2"].pk])).status_code == 404


def test_trainer_schedules_coaching_and_marks_it_done(training_world, login):
    w = training_world
    client = login("giangvien")
    start = w["s1"].end_date + datetime.timedelta(days=3)
    response = client.post(reverse("training:coaching_add", args=[w["s1"].pk]), {
        "enterprise_name": "Công ty TNHH Dệt Nam Định", "start_date": _d(start),
        "end_date": _d(start + datetime.timedelta(days=2)), "status": "planned", "trainers": [w["trainer"].pk],
        "participants": [w["e1"].pk]})
    assert response.status_code == 400
    assert "1 hoặc 2 ngày" in response.content.decode()
    response = client.post(reverse("training:coaching_add", args=[w["s1"].pk]), {
        "enterprise_name": "Công ty TNHH Dệt Nam Định", "start_date": _d(w["s1"].start_date),
        "end_date": _d(w["s1"].start_date), "status": "planned", "trainers": [w["trainer"].pk],
        "participants": [w["e1"].pk, w["e2"].pk]})
    assert response.status_code == 302, response.content.decode()[:3000]
    coaching = w["s1"].coachings.get(enterprise_name="Công ty TNHH Dệt Nam Định")
    assert client.post(coaching.get_absolute_url(), {"notes": "Hướng dẫn đánh giá nhanh"}).status_code == 302
    coaching.refresh_from_db()
    assert coaching.status == "done"


def test_manager_withdraws_a_trainee(training_world, login):
    w = training_world
    client = login("quanlychuongtrinh")
    assert client.post(reverse("training:enrolment_withdraw", args=[w["e2"].pk])).status_code == 302
    assert Enrolment.objects.get(pk=w["e2"].pk).status == EnrolmentStatus.WITHDRAWN


def test_my_training_page_and_home_panels(training_world, login):
    w = training_world
    page = login("hocvien").get(reverse("training:my_training")).content.decode()
    assert w["s1"].course.name in page and "Công ty CP Giấy Hoàng Văn Thụ" in page
    home = login("hocvien").get("/").content.decode()
    assert 'id="panel-my-training"' in home
    home = login("giangvien").get("/").content.decode()
    assert 'id="panel-trainer"' in home and "Buổi học hôm nay" in home
    assert login("giangvien").get(reverse("training:my_training")).status_code == 404
    # The manager sees the running courses of their programme only, with today's QR code.
    home = login("quanlychuongtrinh").get("/").content.decode()
    panel = home[home.index('id="panel-trainer"'):]
    assert "Khóa đang đào tạo" in panel and w["c1"].get_absolute_url() in panel
    assert w["c2"].get_absolute_url() not in panel
    assert reverse("training:checkin_show", args=[w["day_today"].pk]) in panel


def test_menu_shows_training_by_role(training_world, login):
    manager = login("quanlychuongtrinh").get("/").content.decode()
    assert reverse("training:trainee_list") in manager and reverse("training:my_training") not in manager
    trainee = login("hocvien").get("/").content.decode()
    assert reverse("training:my_training") in trainee and reverse("training:trainee_list") not in trainee
    assert reverse("training:checkin_code") in trainee and reverse("training:checkin_code") not in manager
    officer = login("canbo").get("/").content.decode()
    assert reverse("training:course_list") not in officer


def test_login_page_offers_the_public_certificate_check(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("training:certificate_verify") in page


def test_session_day_kinds_shown_to_a_trainee_read_only(training_world, login):
    page = login("hocvien").get(training_world["s1"].get_absolute_url()).content.decode()
    assert 'id="days-form"' not in page and str(DayKind.FIELD.label) in page
