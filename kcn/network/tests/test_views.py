"""Pages of the network: the directory (search without diacritics, province then and now, e-mail
only for managers), the library (a file that is not a document is refused, download under the
original name), workshops (agenda, organisations, attendance) and the follow-up forms."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kcn.network.models import ActivityUpdate, CpActivity, Document, Workshop, WorkshopParticipant
from kcn.registry.models import LegacyProvince
from kcn.training.models import Enrolment, SectorExperience

from .helpers import graduate

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def world(training_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    graduate(training_world["e1"], training_world["e2"], training_world["e3"])
    SectorExperience.objects.create(trainee=training_world["t2"], sector="17")
    return training_world


def _listed(response):
    return [record.full_name for record in response.context["table"].records]


def test_directory_search_without_diacritics_and_filters(world, login):
    client = login("doanhnghiep")  # every signed-in role looks consultants up
    url = reverse("network:consultant_list")
    assert _listed(client.get(url, {"q": "ly thi hoa"})) == ["Lý Thị Hoa"]
    assert _listed(client.get(url, {"q": "TRAN van"})) == ["Trần Văn Bình"]
    # Bắc Kạn (before 2025) is searched under Thái Nguyên, where Bình and Châu work now.
    bac_kan = LegacyProvince.objects.get(code=6)
    assert sorted(_listed(client.get(url, {"legacy_province": bac_kan.pk}))) == ["Trần Văn Bình", "Đỗ Minh Châu"]
    assert _listed(client.get(url, {"sector": "17"})) == ["Trần Văn Bình"]
    assert _listed(client.get(url, {"organisation_type": "promotion_centre"})) == ["Lý Thị Hoa"]
    # Export is the managers' and the administrator's.
    assert client.get(url, {"export": "xlsx"}).status_code == 404
    assert login("quanlychuongtrinh").get(url, {"export": "xlsx"}).status_code == 200


def test_directory_shows_email_to_managers_only_and_never_the_phone(world, login):
    from kcn.training.models import Trainee

    Trainee.objects.filter(pk=world["t1"].pk).update(phone="0912345678")
    url = reverse("network:consultant_detail", args=[world["t1"].pk])
    for username, shows in (("quanlychuongtrinh", True), ("admin", True), ("canbo", False), ("hocvien", False)):
        text = login(username).get(url).content.decode()
        assert ("hoa@khuyencong-ninhbinh.vn" in text) == shows, username
        assert "0912345678" not in text
    # Someone who never passed a course is not in the directory.
    from kcn.training.models import Enrolment

    Enrolment.objects.filter(pk=world["e1"].pk).update(passed=False)
    assert login("canbo").get(url).status_code == 404


def test_a_file_that_is_not_a_document_is_refused(world, login):
    client = login("quanlychuongtrinh")
    fake = SimpleUploadedFile("huong-dan.pdf", b"\x89PNG\r\n\x1a\nnot a pdf", content_type="application/pdf")
    response = client.post(reverse("network:document_add"), {
        "title": "Hướng dẫn SXSH", "kind": "guide", "topic": "cleaner_production", "file": fake})
    assert response.status_code == 400
    assert "không phải tệp PDF" in response.content.decode()
    assert not Document.objects.exists()


def test_upload_search_and_download_under_the_original_name(world, login):
    client = login("quanlychuongtrinh")
    upload = SimpleUploadedFile("Sổ tay SXSH ngành giấy.docx", _docx())
    response = client.post(reverse("network:document_add"), {
        "title": "Sổ tay sản xuất sạch hơn ngành giấy", "kind": "guide", "topic": "cleaner_production",
        "sector": "17", "description": "Hướng dẫn tiết kiệm nước", "published_on": "15/03/2010", "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert document.original_name == "Sổ tay SXSH ngành giấy.docx" and document.size > 0
    listed = login("doanhnghiep").get(reverse("network:document_list"), {"q": "tiet kiem nuoc", "year": 2010})
    assert [d.pk for d in listed.context["table"].records] == [document.pk]
    download = login("quansat").get(reverse("network:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert "filename*=utf-8''S%E1%BB%95%20tay" in download["Content-Disposition"]
    assert login("quansat").get(reverse("network:document_add")).status_code == 404


def test_workshop_agenda_organisations_and_attendance(world, login):
    client = login("quanlychuongtrinh")
    response = client.post(reverse("network:workshop_add"), {
        "title": "Chia sẻ kinh nghiệm SXSH", "organiser": "Bộ Công Thương", "place": "Bến Tre",
        "legacy_province": 83, "start_date": "14/04/2011", "end_date": "15/04/2011", "status": "held"})
    assert response.status_code == 302
    workshop = Workshop.objects.get()
    assert workshop.province.name == "Vĩnh Long"  # Bến Tre is part of Vĩnh Long since 2025
    part = lambda kind, data: client.post(reverse("network:workshop_part_add", args=[workshop.pk, kind]), data)  # noqa: E731
    assert part("agenda", {"day": "14/04/2011", "time": "08:30", "order": 1, "title": "Khai mạc",
                           "speaker": "Vụ KHCN"}).status_code == 302
    refused = part("agenda", {"day": "20/04/2011", "order": 2, "title": "Ngoài thời gian"})
    assert refused.status_code == 400 and "Ngày nằm ngoài thời gian hội thảo." in refused.content.decode()
    assert part("organisation", {"name": "Sở Công Thương Bến Tre", "organisation_type": "doit",
                                 "legacy_province": 83, "attendees": 3}).status_code == 302
    assert part("participant", {"full_name": "Trần Văn Bình", "trainee": world["t2"].pk}).status_code == 302
    assert part("visit", {"date": "15/04/2011", "enterprise_name": "Nhà máy đường Bến Tre"}).status_code == 302
    participant = WorkshopParticipant.objects.get()
    client.post(reverse("network:workshop_attendance", args=[workshop.pk]), {"present": [participant.pk]})
    participant.refresh_from_db()
    assert participant.attended
    page = login("quansat").get(workshop.get_absolute_url()).content.decode()
    assert "Khai mạc" in page and "Sở Công Thương Bến Tre" in page and "Nhà máy đường Bến Tre" in page
    assert "Trần Văn Bình" not in page  # observers see no participant names
    assert login("quansat").post(reverse("network:workshop_attendance", args=[workshop.pk])).status_code == 404
    profile = login("canbo").get(reverse("network:consultant_detail", args=[world["t2"].pk])).content.decode()
    assert "Chia sẻ kinh nghiệm SXSH" in profile
    # A line added by mistake is removed from the page; an observer may not remove anything.
    visit = workshop.field_visits.get()
    delete = reverse("network:workshop_part_delete", args=[workshop.pk, "visit", visit.pk])
    assert delete in client.get(workshop.get_absolute_url()).content.decode()
    assert delete not in page
    assert login("quansat").post(delete).status_code == 404
    assert client.post(delete).status_code == 302
    assert not workshop.field_visits.exists()
    assert client.post(delete).status_code == 404
    participant_delete = reverse("network:workshop_part_delete", args=[workshop.pk, "participant", participant.pk])
    assert client.post(participant_delete).status_code == 302 and not workshop.participants.exists()


def test_graduate_registers_an_activity_and_updates_a_quarter_twice(world, login):
    client = login("hocvien")
    today = timezone.localdate()
    response = client.post(reverse("network:activity_add"), {
        "kind": "assessment", "title": "Đánh giá SXSH Công ty Dệt", "planned_start": today.strftime("%d/%m/%Y"),
        "planned_end": (today + datetime.timedelta(days=200)).strftime("%d/%m/%Y"), "status": "registered"})
    assert response.status_code == 302
    activity = CpActivity.objects.get()
    assert activity.trainee == world["t1"]
    url = reverse("network:activity_update", args=[activity.pk])
    quarter = (today.month - 1) // 3 + 1
    data = {"year": today.year, "quarter": quarter, "status": "in_progress", "progress": "Khảo sát",
            "enterprises_reached": 1}
    assert client.post(url, data).status_code == 302
    second = client.post(url, {**data, "progress": "Đã lập báo cáo"}, follow=True)
    assert "đã có cập nhật; nội dung mới đã thay thế" in second.content.decode()
    assert ActivityUpdate.objects.get().progress == "Đã lập báo cáo"
    future = client.post(url, {**data, "year": today.year + 1})
    assert future.status_code == 400 and "chưa bắt đầu" in future.content.decode()
    # The manager's follow-up page and the evaluation form.
    manager = login("quanlychuongtrinh")
    assert manager.get(reverse("network:follow_up")).status_code == 200
    assert manager.get(reverse("network:follow_up"), {"export": "xlsx"}).status_code == 200
    response = manager.post(reverse("network:evaluation_add", args=[world["t1"].pk]), {
        "year": today.year, "half": 1 if today.month <= 6 else 2, "rating": "good", "score": "8",
        "evaluated_on": today.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    again = manager.post(reverse("network:evaluation_add", args=[world["t1"].pk]), {
        "year": today.year, "half": 1 if today.month <= 6 else 2, "rating": "fair",
        "evaluated_on": today.strftime("%d/%m/%Y")})
    assert again.status_code == 400 and "đã được đánh giá cho 6 tháng này" in again.content.decode()
    assert manager.get(reverse("network:evaluation_add", args=[world["t3"].pk])).status_code == 404


def test_home_panels_for_the_manager_and_the_graduate(world, login, user_named):
    from kcn.network import services
    from kcn.training.models import Course

    today = timezone.localdate()
    Course.objects.filter(pk=world["c1"].pk).update(start_date=today - datetime.timedelta(days=500),
                                                    end_date=today - datetime.timedelta(days=400))
    services.activity_save(user=user_named("hocvien"), data={
        "trainee": world["t1"], "title": "Tư vấn SXSH cho Công ty Bia", "planned_start": today,
        "planned_end": today + datetime.timedelta(days=90)})
    manager_home = login("quanlychuongtrinh").get("/").content.decode()
    assert 'id="panel-follow-up"' in manager_home and "2 chuyên gia quá hạn" in manager_home
    graduate_home = login("hocvien").get("/").content.decode()
    assert 'id="panel-quarter-update"' in graduate_home and "Tư vấn SXSH cho Công ty Bia" in graduate_home
    assert 'id="panel-network-indicators"' in login("quansat").get("/").content.decode()


def test_zone_page_counts_the_consultants_of_its_province(training_world, login):
    from kcn.registry.models import Zone

    zone = Zone.objects.get(code="HNA-DV2")
    world = training_world
    world["t1"].province = zone.province
    world["t1"].save()
    Enrolment.objects.filter(pk=world["e1"].pk).update(passed=True)
    page = login("lanhdao").get(zone.get_absolute_url()).content.decode()
    assert "Chuyên gia tư vấn SXSH trong tỉnh" in page
    assert f"{reverse('network:consultant_list')}?province={zone.province_id}" in page


def test_api_workshop_lines_added_ticked_and_removed(world, api):
    manager = api("quanlychuongtrinh")
    created = manager.post("/api/v1/network/workshops/", {
        "title": "Chia sẻ kinh nghiệm SXSH", "organiser": "Bộ Công Thương", "place": "Bến Tre",
        "legacy_province": 83, "start_date": "2011-04-14", "end_date": "2011-04-15", "status": "held"}, format="json")
    assert created.status_code == 201, created.content
    base = f"/api/v1/network/workshops/{created.json()['id']}"
    agenda = manager.post(f"{base}/parts/agenda/", {"day": "2011-04-14", "time": "08:30", "order": 1,
                                                    "title": "Khai mạc", "speaker": "Vụ KHCN"}, format="json")
    assert agenda.status_code == 201, agenda.content
    outside = manager.post(f"{base}/parts/agenda/", {"day": "2011-04-20", "order": 2, "title": "Ngoài thời gian"},
                           format="json")
    assert outside.status_code == 400 and "Ngày nằm ngoài thời gian hội thảo." in str(outside.json())
    organisation = manager.post(f"{base}/parts/organisation/", {
        "name": "Sở Công Thương Bến Tre", "organisation_type": "doit", "legacy_province": 83, "attendees": 3},
        format="json")
    assert organisation.status_code == 201, organisation.content
    person = manager.post(f"{base}/parts/participant/", {
        "full_name": "Trần Văn Bình", "trainee": world["t2"].pk, "organisation": organisation.json()["id"]},
        format="json")
    assert person.status_code == 201, person.content
    # An organisation of another workshop is refused, naming the field.
    other = Workshop.objects.create(title="Khác", organiser="Bộ Công Thương", place="Huế",
                                    start_date=datetime.date(2012, 1, 1), end_date=datetime.date(2012, 1, 1))
    stranger = manager.post(f"/api/v1/network/workshops/{other.pk}/parts/participant/", {
        "full_name": "Lê Thị Lan", "organisation": organisation.json()["id"]}, format="json")
    assert stranger.status_code == 400 and "organisation" in stranger.json()
    ticked = manager.post(f"{base}/attendance/", {"present": [person.json()["id"]]}, format="json")
    assert ticked.status_code == 200 and [row["attended"] for row in ticked.json()] == [True]
    detail = manager.get(base + "/").json()
    assert [row["title"] for row in detail["agenda"]] == ["Khai mạc"]
    assert [row["name"] for row in detail["organisations"]] == ["Sở Công Thương Bến Tre"]
    # Observers read the lines but not the people, and change nothing.
    observer = api("quansat")
    assert observer.get(f"{base}/parts/participant/").json() == []
    assert observer.post(f"{base}/parts/agenda/{agenda.json()['id']}/remove/").status_code == 404
    removed = manager.post(f"{base}/parts/agenda/{agenda.json()['id']}/remove/")
    assert removed.status_code == 204 and manager.get(f"{base}/parts/agenda/").json() == []
    assert manager.post(f"{base}/parts/agenda/{agenda.json()['id']}/remove/").status_code == 404
