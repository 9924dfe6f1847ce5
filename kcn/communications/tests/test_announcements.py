"""Announcements of the board: who may send, who receives, every channel for real, the figures."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kcn.accounts.models import User
from kcn.communications.announcements import announcement_preview, announcement_send, announcement_stats
from kcn.communications.choices import Audience, ChannelName
from kcn.communications.models import Announcement, AnnouncementRecipient, Notification, ZaloFollower
from kcn.registry.models import Board, Enterprise, EnterpriseUser, Zone

from .conftest import ZALO_PATH

pytestmark = pytest.mark.django_db
TITLE = "Tăng cường phòng, chống dịch Covid-19 tại các KCN"
BODY = "Đề nghị các doanh nghiệp rà soát danh sách lao động đi, về từ vùng dịch."


@pytest.fixture
def board(demo):
    return Board.objects.get(name__contains="Hà Nam")


@pytest.fixture
def company_cs(demo, settings, tmp_path):
    """A second enterprise account, in zone HNA-CS (doanhnghiep is in HNA-DV2)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    enterprise = Enterprise.objects.filter(zone__code="HNA-CS").order_by("pk").first()
    user = User.objects.create(username="dn.chauson", role="enterprise", email="dn.chauson@example.vn",
                               full_name="Đại diện DN Châu Sơn")
    EnterpriseUser.objects.create(user=user, enterprise=enterprise)
    return user


def _send(capture, **kwargs):
    with capture(execute=True):
        return announcement_send(**kwargs)


def test_announcement_goes_to_every_enterprise_user_by_mail_zalo_and_inbox(
        board, company_cs, user_named, smtp_server, zalo_server, django_capture_on_commit_callbacks):
    company = user_named("doanhnghiep")
    ZaloFollower.objects.create(user=company, zalo_user_id="3000000000000001")
    announcement = _send(django_capture_on_commit_callbacks, user=user_named("lanhdao"),
                         data={"board": board, "title": TITLE, "body": BODY, "audience": Audience.ALL})

    assert set(announcement.recipients.values_list("user__username", flat=True)) == {"doanhnghiep", "dn.chauson"}
    assert Notification.objects.filter(recipient=company, title=TITLE, url=announcement.get_absolute_url()).exists()
    # E-mail: a real SMTP server on loopback received one message per recipient with an address.
    addressed = sorted(rcpt for _from, rcpts, _msg in smtp_server.messages for rcpt in rcpts)
    assert addressed == sorted([company.email, company_cs.email])
    assert smtp_server.messages[0][2]["Subject"].strip() == TITLE
    # Zalo: the fake OA API checked the request; the follower got it, the other has no Zalo id.
    [request] = zalo_server.requests
    assert request["path"] == ZALO_PATH and request["json"]["recipient"] == {"user_id": "3000000000000001"}
    assert request["json"]["message"]["text"].startswith(TITLE)

    stats = announcement_stats(announcement)
    by_channel = {row["channel"]: row for row in stats["channels"]}
    assert stats["recipients"] == 2 and stats["read"] == 0
    assert by_channel[ChannelName.IN_APP]["sent"] == 2
    assert by_channel[ChannelName.EMAIL]["sent"] == 2
    assert (by_channel[ChannelName.ZALO]["sent"], by_channel[ChannelName.ZALO]["failed"]) == (1, 1)


def test_selection_by_zone_sector_and_enterprise(board, company_cs, user_named):
    zone_cs = Zone.objects.get(code="HNA-CS")
    ent_dv2 = Enterprise.objects.get(user_links__user__username="doanhnghiep")
    by_zone = announcement_preview(board=board, audience=Audience.SELECTED, zones=[zone_cs])
    assert by_zone == {"enterprises": Enterprise.objects.filter(zone=zone_cs).count(), "users": 1}
    both = announcement_preview(board=board, audience=Audience.SELECTED, zones=[zone_cs], enterprises=[ent_dv2])
    assert both["users"] == 2
    sector = ent_dv2.sector
    by_sector = announcement_preview(board=board, audience=Audience.SELECTED, sectors=[sector])
    assert by_sector["enterprises"] == Enterprise.objects.filter(zone__board=board, sector=sector).count()

    announcement = announcement_send(user=user_named("truongphong"), data={
        "board": board, "title": TITLE, "body": BODY, "audience": Audience.SELECTED, "zones": [zone_cs]})
    assert list(announcement.recipients.values_list("user__username", flat=True)) == ["dn.chauson"]
    # doanhnghiep (HNA-DV2) does not see it; dn.chauson does.
    assert not Announcement.objects.restrict(user_named("doanhnghiep")).exists()
    assert Announcement.objects.restrict(company_cs).get() == announcement


def test_who_may_send(board, user_named):
    data = {"board": board, "title": TITLE, "body": BODY, "audience": Audience.ALL}
    for username in ("canbo", "doanhnghiep", "quansat", "giangvien"):
        with pytest.raises(PermissionDenied):
            announcement_send(user=user_named(username), data=data)
    assert announcement_send(user=user_named("admin"), data=data).pk


def test_bad_input_is_refused_and_nothing_is_sent(board, user_named, demo):
    leader = user_named("lanhdao")
    with pytest.raises(ValidationError, match="Hãy chọn"):
        announcement_send(user=leader, data={"board": board, "title": TITLE, "body": BODY,
                                             "audience": Audience.SELECTED})
    exe = SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="Chỉ đính kèm"):
        announcement_send(user=leader, data={"board": board, "title": TITLE, "body": BODY, "attachment": exe})
    with pytest.raises(ValidationError):
        announcement_send(user=leader, data={"board": board, "title": "", "body": BODY})
    assert not Announcement.objects.exists() and not Notification.objects.exists()
    assert not AnnouncementRecipient.objects.exists()


def test_pages_compose_preview_detail_and_attachment(board, company_cs, login, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    leader = login("lanhdao")
    page = leader.get(reverse("communications:announcement_add")).content.decode()
    assert "Sẽ gửi đến" in page
    preview = leader.post(reverse("communications:announcement_preview"), {
        "board": board.pk, "audience": "selected", "zones": [Zone.objects.get(code="HNA-CS").pk]})
    assert "1 tài khoản" in preview.content.decode()
    attachment = SimpleUploadedFile("cong-van.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = leader.post(reverse("communications:announcement_add"), {
        "board": board.pk, "title": TITLE, "body": BODY, "audience": "all", "attachment": attachment})
    assert response.status_code == 302, response.content.decode()[:2000]
    announcement = Announcement.objects.get()
    detail = leader.get(announcement.get_absolute_url()).content.decode()
    assert 'id="announcement-stats"' in detail and "cong-van.pdf" in detail

    company = login("doanhnghiep")
    page = company.get(announcement.get_absolute_url()).content.decode()
    assert BODY in page and 'id="announcement-stats"' not in page
    assert Notification.objects.get(recipient__username="doanhnghiep").read_at is not None
    download = company.get(reverse("communications:announcement_attachment", args=[announcement.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert login("quansat").get(announcement.get_absolute_url()).status_code == 404
    assert company.get(reverse("communications:announcement_add")).status_code == 404
    assert announcement_stats(announcement)["read"] == 1


def test_api_send_list_and_stats(board, company_cs, api, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    base = "/api/v1/notifications/announcements/"
    created = api("truongphong").post(base, {"board": board.pk, "title": TITLE, "body": BODY, "audience": "all"},
                                      format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api("doanhnghiep").get(f"{base}{pk}/").status_code == 200
    assert api("doanhnghiep").get(f"{base}{pk}/stats/").status_code == 404
    assert api("doanhnghiep").post(base, {"board": board.pk, "title": "x", "body": "y"}, format="json"
                                   ).status_code == 404
    stats = api("lanhdao").get(f"{base}{pk}/stats/").json()
    assert stats["recipients"] == 2
    assert {row["channel"] for row in stats["channels"]} == {"in_app", "email", "zalo"}
    assert api("quansat").get(base).status_code == 404
    # The inbox routes still work beside the announcements'.
    assert api("doanhnghiep").get("/api/v1/notifications/unread-count/").json()["unread"] == 1

