"""The inspection pages as an officer and an enterprise use them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kcn.inspections import services
from kcn.inspections.choices import ActionStatus, InspectionStatus, Outcome
from kcn.inspections.models import CorrectiveAction, Finding, Inspection

from .conftest import pass_all_but_first, photo

pytestmark = pytest.mark.django_db


def test_officer_creates_records_finds_assigns_and_finalises(demo, login, ent_dv2, user_named,
                                                             django_capture_on_commit_callbacks):
    client = login("truongphong")
    today = timezone.localdate()
    response = client.post(reverse("inspections:inspection_add"), {
        "enterprise": ent_dv2.pk, "date": today.strftime("%d/%m/%Y"), "other_participants": "Ông A – Sở Y tế"})
    assert response.status_code == 302, response.content.decode()[:2000]
    inspection = Inspection.objects.get()
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "Ghi kết quả" in page and "Vách ngăn tại bàn ăn" in page

    results = inspection.results.select_related("item").order_by("item__order")
    data = {"version": "", **{f"outcome_{r.item_id}": Outcome.PASS for r in results}}
    first = results[0].item
    data[f"outcome_{first.pk}"] = Outcome.FAIL
    data[f"note_{first.pk}"] = "Nhà ăn không đeo khẩu trang"
    assert client.post(reverse("inspections:inspection_results", args=[inspection.pk]), data).status_code == 302
    assert inspection.results.get(item=first).outcome == Outcome.FAIL

    response = client.post(reverse("inspections:finding_add", args=[inspection.pk]), {
        "item": first.pk, "description": "Công nhân không đeo khẩu trang khi xếp hàng",
        "photos": [photo("a.jpg"), photo("b.png", "PNG", "image/png")],
        "action_description": "Bố trí người nhắc nhở tại nhà ăn",
        "due_date": (today + datetime.timedelta(days=5)).strftime("%d/%m/%Y")})
    assert response.status_code == 302, response.content.decode()[:3000]
    finding = Finding.objects.get()
    assert finding.photos.count() == 2
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert 'class="rounded border finding-thumbnail"' in page
    thumb = client.get(reverse("inspections:photo_thumbnail", args=[finding.photos.first().pk]))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inspections:inspection_finalise", args=[inspection.pk]),
                               {"conclusion": "Cơ bản thực hiện tốt, còn 1 tồn tại."})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.FINALISED
    # Read-only now: the forms answer 404.
    assert client.get(reverse("inspections:inspection_results", args=[inspection.pk])).status_code == 404
    assert client.get(reverse("inspections:inspection_edit", args=[inspection.pk])).status_code == 404


def test_bad_photo_shows_a_message_and_saves_nothing(draft, login):
    client = login("truongphong")
    response = client.post(reverse("inspections:finding_add", args=[draft.pk]), {
        "description": "x", "photos": [photo("a.jpg", "PNG", "image/jpeg")]})
    assert response.status_code == 400
    assert "không khớp" in response.content.decode()
    assert not Finding.objects.exists()


def test_future_date_is_refused_with_a_message(demo, login, ent_dv2):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login("truongphong").post(reverse("inspections:inspection_add"), {
        "enterprise": ent_dv2.pk, "date": tomorrow.strftime("%d/%m/%Y")})
    assert response.status_code == 400
    assert "Ngày kiểm tra không được sau ngày hôm nay" in response.content.decode()


def _finalise(draft, officer):
    item_id = pass_all_but_first(draft, officer)
    item = draft.results.get(item_id=item_id).item
    services.finding_add(user=officer, inspection=draft, item=item, description="Thiếu vách ngăn",
                         action_description="Lắp vách ngăn", due_date=timezone.localdate())
    services.inspection_finalise(user=officer, inspection=draft, conclusion="Đạt một phần")


def test_enterprise_sees_its_action_reports_the_fix_and_officer_verifies(draft, login, user_named):
    _finalise(draft, user_named("truongphong"))
    action = CorrectiveAction.objects.get()
    company = login("doanhnghiep")
    home = company.get("/").content.decode()
    assert "Việc cần khắc phục sau kiểm tra" in home and "Lắp vách ngăn" in home
    page = company.get(action.get_absolute_url()).content.decode()
    assert 'id="fix-form"' in page
    response = company.post(reverse("inspections:action_fix", args=[action.pk]),
                            {"note": "Đã lắp vách ngăn mica", "photo": photo()})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.FIXED
    assert company.get(reverse("inspections:action_photo", args=[action.pk])).status_code == 200
    # The enterprise cannot verify its own fix.
    assert company.post(reverse("inspections:action_verify", args=[action.pk]), {"accepted": "1"}).status_code == 404
    officer = login("truongphong")
    assert officer.post(reverse("inspections:action_verify", args=[action.pk]),
                        {"accepted": "1", "note": ""}).status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED


def test_overdue_filter_and_department_home_panel(draft, login, user_named):
    _finalise(draft, user_named("truongphong"))
    CorrectiveAction.objects.update(due_date=timezone.localdate() - datetime.timedelta(days=2))
    client = login("truongphong")
    listing = client.get(reverse("inspections:action_list") + "?overdue=true").content.decode()
    assert "Lắp vách ngăn" in listing and "quá hạn" in listing
    assert "Lắp vách ngăn" not in client.get(reverse("inspections:action_list") + "?overdue=false").content.decode()
    home = client.get("/").content.decode()
    assert 'id="panel-overdue-actions"' in home
    assert 'id="panel-overdue-actions"' not in login("canbo").get("/").content.decode()


def test_exports_xlsx_and_pdf_minutes(draft, login, user_named):
    _finalise(draft, user_named("truongphong"))
    company = login("doanhnghiep")
    xlsx = company.get(reverse("inspections:inspection_xlsx", args=[draft.pk]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Kết quả kiểm tra", "Tồn tại", "Biện pháp khắc phục"]
    assert book["Biện pháp khắc phục"]["B2"].value == "Lắp vách ngăn"
    pdf = company.get(reverse("inspections:inspection_pdf", args=[draft.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert login("canbo").get(reverse("inspections:inspection_pdf", args=[draft.pk])).status_code == 404
    assert login("quansat").get(reverse("inspections:inspection_list")).status_code == 404


def test_list_pages_render_for_staff(draft, login):
    for name in ("inspections:inspection_list", "inspections:action_list"):
        assert login("lanhdao").get(reverse(name)).status_code == 200
    assert draft.enterprise.name in login("lanhdao").get(reverse("inspections:inspection_list")).content.decode()
    export = login("lanhdao").get(reverse("inspections:inspection_list") + "?export=xlsx")
    assert export.status_code == 200


def test_list_pages_cost_the_same_queries_whatever_their_size(demo, login, user_named, ent_dv2,
                                                              django_assert_max_num_queries):
    officer = user_named("truongphong")
    for days in range(1, 8):
        inspection = services.inspection_create(user=officer, data={
            "enterprise": ent_dv2, "date": timezone.localdate() - datetime.timedelta(days=days)})
        services.action_add(user=officer, inspection=inspection, description="Sửa", due_date=inspection.date)
    client = login("truongphong")
    with django_assert_max_num_queries(25):
        assert client.get(reverse("inspections:inspection_list")).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("inspections:action_list")).status_code == 200


def test_results_form_shows_every_item_with_its_three_choices(draft, login):
    page = login("truongphong").get(reverse("inspections:inspection_results", args=[draft.pk])).content.decode()
    assert page.count('class="border-top py-2 result-row"') == draft.results.count()
    assert page.count('value="na"') == draft.results.count()
    assert "Trang thiết bị" in page and "Tổ chức" in page


def test_stale_results_form_is_refused(draft, login):
    client = login("truongphong")
    item = draft.results.first().item_id
    response = client.post(reverse("inspections:inspection_results", args=[draft.pk]),
                           {"version": "2000-01-01T00:00:00+00:00", f"outcome_{item}": Outcome.PASS})
    assert response.status_code == 400 and "người khác sửa" in response.content.decode()
    assert draft.results.get(item_id=item).outcome == Outcome.PENDING
