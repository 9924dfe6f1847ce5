"""Pages of health monitoring as their users go through them."""

import datetime

from django.urls import reverse

from kcn.communications.models import Notification
from kcn.monitoring import services
from kcn.monitoring.models import CommitmentAcknowledgement, HealthDeclaration, HotlineCall, TravelDeclaration

DAY = datetime.timedelta(days=1)


def test_enterprise_declares_a_returnee_by_cccd(area, workers_dv2, ent_dv2, login, today):
    client = login("doanhnghiep")
    response = client.post(reverse("monitoring:travel_add"), {
        "enterprise": ent_dv2.pk, "identity_number": workers_dv2[0].identity_number, "area": area.pk,
        "direction": "went_to", "departure_date": (today - 4 * DAY).strftime("%d/%m/%Y"),
        "return_date": (today - DAY).strftime("%d/%m/%Y"), "means": "coach", "note": ""})
    declaration = TravelDeclaration.objects.get()
    assert response.status_code == 302 and response["Location"] == declaration.get_absolute_url()
    page = client.get(declaration.get_absolute_url()).content.decode()
    assert "đang cách ly tập trung" in page
    assert f"{today - DAY:%d/%m/%Y} – {today + 12 * DAY:%d/%m/%Y}" in page


def test_future_return_is_refused_on_the_form(area, workers_dv2, ent_dv2, login, today):
    response = login("doanhnghiep").post(reverse("monitoring:travel_add"), {
        "enterprise": ent_dv2.pk, "identity_number": workers_dv2[0].identity_number, "area": area.pk,
        "direction": "went_to", "return_date": (today + DAY).strftime("%d/%m/%Y")})
    assert response.status_code == 400
    assert "Ngày về không được ở tương lai" in response.content.decode()
    assert not TravelDeclaration.objects.exists()


def test_unknown_cccd_is_refused_on_the_form(area, workers_dv2, ent_dv2, login, today):
    response = login("doanhnghiep").post(reverse("monitoring:travel_add"), {
        "enterprise": ent_dv2.pk, "identity_number": "035199999999", "area": area.pk, "direction": "went_to",
        "return_date": today.strftime("%d/%m/%Y")})
    assert response.status_code == 400 and "Không có người lao động mang số CCCD này" in response.content.decode()


def test_department_sees_returnees_of_its_zones_with_status(area, workers_dv2, user_named, login, today):
    services.travel_declare(user=user_named("doanhnghiep"), data={
        "worker": workers_dv2[0], "area": area, "return_date": today - 20 * DAY})
    services.travel_declare(user=user_named("doanhnghiep"), data={
        "worker": workers_dv2[1], "area": area, "return_date": today})
    client = login("truongphong")
    response = client.get(reverse("monitoring:travel_list"), {"status": "self_isolation"})
    assert [r.worker for r in response.context["table"].records] == [workers_dv2[0]]
    assert "đang tự cách ly" in response.content.decode()
    response = client.get(reverse("monitoring:travel_list"), {"status": "quarantine"})
    assert [r.worker for r in response.context["table"].records] == [workers_dv2[1]]


def test_quick_sheet_ticks_symptoms_and_declares_everyone_else_fine(workers_dv2, ent_dv2, login, today):
    client = login("doanhnghiep")
    page = client.get(reverse("monitoring:health_sheet"))
    assert page.status_code == 200 and page.context["enterprise"] == ent_dv2
    shown = [str(w.pk) for w in workers_dv2]
    response = client.post(reverse("monitoring:health_sheet"), {
        "enterprise": ent_dv2.pk, "date": today.strftime("%d/%m/%Y"), "worker": shown,
        f"fever-{workers_dv2[2].pk}": "on", f"temperature-{workers_dv2[2].pk}": "38,4", "all_others_fine": "1"})
    assert response.status_code == 302
    assert HealthDeclaration.objects.filter(date=today).count() == 5
    sick = HealthDeclaration.objects.get(symptomatic=True)
    assert sick.worker == workers_dv2[2] and str(sick.temperature) == "38.4"
    assert Notification.objects.filter(recipient__username="truongphong", title__contains=sick.worker.full_name)


def test_future_day_on_the_sheet_is_refused(workers_dv2, ent_dv2, login, today):
    response = login("doanhnghiep").post(reverse("monitoring:health_sheet"), {
        "enterprise": ent_dv2.pk, "date": (today + DAY).strftime("%d/%m/%Y"), "worker": [workers_dv2[0].pk],
        f"cough-{workers_dv2[0].pk}": "on"})
    assert response.status_code == 400 and "ngày trong tương lai" in response.content.decode()
    assert not HealthDeclaration.objects.exists()


def test_sheet_of_an_enterprise_out_of_scope_is_not_found(workers_cs, ent_cs, login):
    assert login("doanhnghiep").get(reverse("monitoring:health_sheet"), {"enterprise": ent_cs.pk}).status_code == 404


def test_commitment_flow(board, ent_dv2, ent_cs, login, user_named, today, settings, tmp_path):
    from kcn.accounts.models import User
    from kcn.registry.models import EnterpriseUser

    settings.MEDIA_ROOT = tmp_path
    EnterpriseUser.objects.create(user=User.objects.create(username="dn.chauson", role="enterprise"),
                                  enterprise=ent_cs)
    text = services.commitment_publish(user=user_named("lanhdao"), data={
        "board": board, "title": "Cam kết phòng, chống dịch", "body": "Thực hiện 5K."})
    assert Notification.objects.filter(recipient__username="doanhnghiep", title__contains="cần xác nhận").exists()
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("doanhnghiep")
    response = client.post(text.get_absolute_url(), {
        "enterprise": ent_dv2.pk, "signer_name": "Kim Min-jun", "signer_position": "Tổng giám đốc",
        "signed_on": today.strftime("%d/%m/%Y"), "scan": SimpleUploadedFile("ky.pdf", b"%PDF-1.7 test")})
    assert response.status_code == 302
    ack = CommitmentAcknowledgement.objects.get()
    scan = client.get(reverse("monitoring:acknowledgement_scan", args=[ack.pk]))
    assert scan.status_code == 200 and scan["Content-Type"] == "application/pdf"
    # Another enterprise's user, or someone outside the board, cannot fetch the scan.
    assert login("canbo").get(reverse("monitoring:acknowledgement_scan", args=[ack.pk])).status_code == 404

    leader = login("lanhdao")
    pending = leader.get(reverse("monitoring:commitment_pending", args=[text.pk]), {"per_page": 200})
    assert ent_dv2 not in pending.context["table"].records
    export = leader.get(reverse("monitoring:commitment_pending", args=[text.pk]), {"export": "xlsx"})
    assert export.status_code == 200
    Notification.objects.all().delete()
    response = leader.post(reverse("monitoring:commitment_pending", args=[text.pk]))
    assert response.status_code == 302
    assert Notification.objects.filter(title__startswith="Nhắc", recipient__username="dn.chauson").exists()
    assert not Notification.objects.filter(recipient__username="doanhnghiep").exists()


def test_a_disguised_scan_is_refused_on_the_page(board, ent_dv2, login, user_named, today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = services.commitment_publish(user=user_named("lanhdao"), data={
        "board": board, "title": "Cam kết", "body": "…"})
    response = login("doanhnghiep").post(text.get_absolute_url(), {
        "enterprise": ent_dv2.pk, "signer_name": "A", "signer_position": "B",
        "signed_on": today.strftime("%d/%m/%Y"), "scan": SimpleUploadedFile("ky.jpg", b"<html>not an image")})
    assert response.status_code == 400 and "Nội dung tệp không phải JPG" in response.content.decode()
    assert not CommitmentAcknowledgement.objects.exists()


def test_hotline_log_search_and_follow_up_filter(board, login, user_named):
    client = login("canbo")
    response = client.post(reverse("monitoring:call_add"), {
        "board": board.pk, "called_at": "01/11/2026 09:30", "caller_name": "Chị Mai", "caller_phone": "0912345678",
        "question": "Xin hỏi về thời gian cách ly", "answer": "", "follow_up_needed": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    call = HotlineCall.objects.get()
    assert call.handled_by.username == "canbo"
    listed = client.get(reverse("monitoring:call_list"), {"q": "cach ly", "follow_up": "open"})
    assert [c.pk for c in listed.context["table"].records] == [call.pk]
    assert client.get(reverse("monitoring:call_list"), {"follow_up": "done"}).context["table"].paginator.count == 0


def test_the_stale_form_does_not_overwrite(board, login, user_named):
    call = services.call_save(user=user_named("canbo"), data={
        "board": board, "caller_name": "Anh Hải", "question": "Hỏi", "answer": ""})
    client = login("canbo")
    form = client.get(reverse("monitoring:call_edit", args=[call.pk])).context["form"]
    stale = form["_version"].value()
    services.call_save(user=user_named("truongphong"), instance=call, data={
        "board": board, "caller_name": "Anh Hải", "question": "Hỏi", "answer": "Đã trả lời",
        "called_at": call.called_at})
    response = client.post(reverse("monitoring:call_edit", args=[call.pk]), {
        "_version": stale, "board": board.pk, "called_at": "01/11/2026 09:30", "caller_name": "Anh Hải",
        "question": "Hỏi", "answer": "Trả lời khác"})
    assert response.status_code == 400 and "vừa được người khác sửa" in response.content.decode()
    call.refresh_from_db()
    assert call.answer == "Đã trả lời"


def test_menu_entries(demo, login):
    page = login("doanhnghiep").get(reverse("core:home")).content.decode()
    for label in ("Vùng dịch", "Người về từ vùng dịch", "Khai báo y tế", "Bản cam kết"):
        assert label in page
    assert "Đường dây nóng" not in page
    assert "Đường dây nóng" in login("truongphong").get(reverse("core:home")).content.decode()


def test_demo_loader_is_idempotent(board):
    from kcn.monitoring.demo import load_monitoring_demo

    assert load_monitoring_demo(board)
    counts = (TravelDeclaration.objects.count(), HealthDeclaration.objects.count(), HotlineCall.objects.count())
    assert load_monitoring_demo(board) is None
    assert counts == (TravelDeclaration.objects.count(), HealthDeclaration.objects.count(),
                      HotlineCall.objects.count())
    assert HealthDeclaration.objects.filter(symptomatic=True).count() == 1


def test_home_panel_shows_people_only_to_those_who_may_see_them(workers_dv2, area, user_named, login, today):
    services.travel_declare(user=user_named("doanhnghiep"), data={
        "worker": workers_dv2[0], "area": area, "return_date": today})
    services.health_declare(user=user_named("doanhnghiep"), worker=workers_dv2[1], date=today, fever=True)
    page = login("truongphong").get(reverse("core:home")).content.decode()
    assert "1 người có triệu chứng hôm nay" in page and "1 người về từ vùng dịch" in page
    page = login("lanhdao").get(reverse("core:home")).content.decode()
    assert 'id="panel-health"' in page and "người có triệu chứng" not in page


def test_returnee_list_query_count_does_not_grow(area, ent_dv2, user_named, login, today,
                                                 django_assert_max_num_queries):
    from kcn.monitoring.tests.conftest import make_workers

    workers = make_workers(ent_dv2, 30)
    for worker in workers:
        services.travel_declare(user=user_named("doanhnghiep"), data={
            "worker": worker, "area": area, "return_date": today})
    client = login("truongphong")
    with django_assert_max_num_queries(25):
        response = client.get(reverse("monitoring:travel_list"), {"per_page": 25})
    assert len(response.context["table"].records) == 25


def _xlsx_upload(rows, name="tep.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kcn.monitoring.tests.test_services import _xlsx

    return SimpleUploadedFile(name, _xlsx(rows).read())


def test_travel_upload_page_lists_every_error_and_saves_nothing(area, workers_dv2, ent_dv2, login, today):
    client = login("doanhnghiep")
    template = client.get(reverse("monitoring:travel_import"), {"template": "xlsx"})
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    header = ["Số CCCD", "Vùng dịch", "Ngày về"]
    rows = [header, [workers_dv2[0].identity_number, str(area.pk), today.strftime("%d/%m/%Y")],
            ["035199999999", "Sao Hỏa", "32/13/2026"]]
    response = client.post(reverse("monitoring:travel_import"), {"enterprise": ent_dv2.pk,
                                                                  "file": _xlsx_upload(rows)})
    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["result"].errors.sorted()}
    assert errors == {(3, "Số CCCD"), (3, "Vùng dịch"), (3, "Ngày về")}
    assert not TravelDeclaration.objects.exists()
    response = client.post(reverse("monitoring:travel_import"), {"enterprise": ent_dv2.pk,
                                                                  "file": _xlsx_upload(rows[:2])})
    assert response.status_code == 302 and TravelDeclaration.objects.count() == 1


def test_health_upload_page(workers_dv2, ent_dv2, login, today):
    rows = [["Số CCCD", "Sốt", "Ho"], [workers_dv2[0].identity_number, "x", ""]]
    response = login("doanhnghiep").post(reverse("monitoring:health_import"), {
        "enterprise": ent_dv2.pk, "date": today.strftime("%d/%m/%Y"), "file": _xlsx_upload(rows)})
    assert response.status_code == 302
    assert HealthDeclaration.objects.get().fever


def test_upload_for_an_enterprise_out_of_scope_is_refused(workers_cs, ent_cs, login, today):
    rows = [["Số CCCD", "Sốt"], [workers_cs[0].identity_number, "x"]]
    response = login("doanhnghiep").post(reverse("monitoring:health_import"), {
        "enterprise": ent_cs.pk, "date": today.strftime("%d/%m/%Y"), "file": _xlsx_upload(rows)})
    assert response.status_code == 400 and not HealthDeclaration.objects.exists()
