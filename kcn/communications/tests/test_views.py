"""The inbox as users use it: the page, the bell in the top bar, opening and marking read, and
the API. Everyone sees only their own notifications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kcn.communications.choices import ChannelName
from kcn.communications.models import Notification
from kcn.communications.services import notify


def inbox_message(user, title, url="/reporting/periods/"):
    # In-app only: these tests are about the inbox, not the mail.
    [notification] = notify(recipients=[user], title=title, body="Nội dung thông báo", url=url,
                            channels=[ChannelName.IN_APP])
    return notification


@pytest.fixture
def inbox(demo, user_named):
    canbo = user_named("canbo")
    read = inbox_message(canbo, "Thông báo cũ đã đọc")
    read.read_at = read.created_at
    read.save(update_fields=["read_at"])
    return {
        "read": read,
        "first": inbox_message(canbo, "Nhắc nộp báo cáo kỳ 22/11/2026"),
        "second": inbox_message(canbo, "5 doanh nghiệp chưa nộp báo cáo kỳ 22/11/2026"),
        "someone_else": inbox_message(user_named("truongphong"), "Phòng Quản lý môi trường đã duyệt báo cáo"),
    }


def listed(response):
    return [notification.pk for notification in response.context["page"]]


def test_the_inbox_shows_only_my_notifications_unread_first(inbox, login):
    response = login("canbo").get(reverse("communications:notification_list"))
    assert response.status_code == 200
    assert listed(response) == [inbox["second"].pk, inbox["first"].pk, inbox["read"].pk]
    page = response.content.decode()
    assert "Nhắc nộp báo cáo kỳ 22/11/2026" in page
    assert "đã duyệt báo cáo" not in page
    unread = login("canbo").get(reverse("communications:notification_list"), {"unread": "1"})
    assert listed(unread) == [inbox["second"].pk, inbox["first"].pk]


def test_the_bell_counts_my_unread_notifications_in_one_query(inbox, login):
    client = login("canbo")
    page = client.get(reverse("core:home")).content.decode()
    assert 'id="notification-count">2<' in page
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("core:home"))
    counts = [query["sql"] for query in queries if "communications_notification" in query["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0].upper()
    # Someone with nothing unread sees the bell without a number.
    page = login("quansat").get(reverse("core:home")).content.decode()
    assert 'id="notification-bell"' in page and 'id="notification-count"' not in page


def test_opening_a_notification_marks_it_read_and_follows_its_link(inbox, login):
    client = login("canbo")
    response = client.get(reverse("communications:notification_open", args=[inbox["first"].pk]))
    assert response.status_code == 302 and response["Location"] == "/reporting/periods/"
    inbox["first"].refresh_from_db()
    assert inbox["first"].is_read
    page = client.get(reverse("core:home")).content.decode()
    assert 'id="notification-count">1<' in page


def test_someone_elses_notification_is_not_found_and_stays_unread(inbox, login):
    response = login("canbo").get(reverse("communications:notification_open", args=[inbox["someone_else"].pk]))
    assert response.status_code == 404
    inbox["someone_else"].refresh_from_db()
    assert not inbox["someone_else"].is_read
    assert login("canbo").get(reverse("communications:notification_open", args=[999999])).status_code == 404


def test_a_link_to_another_site_is_not_followed(inbox, login, user_named):
    outside = inbox_message(user_named("canbo"), "Liên kết lạ", url="https://example.com/phishing")
    response = login("canbo").get(reverse("communications:notification_open", args=[outside.pk]))
    assert response["Location"] == reverse("communications:notification_list")


def test_mark_all_read_touches_only_my_inbox(inbox, login):
    client = login("canbo")
    assert client.get(reverse("communications:notification_read_all")).status_code == 405
    response = client.post(reverse("communications:notification_read_all"), follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(recipient__username="canbo", read_at__isnull=True).exists()
    inbox["someone_else"].refresh_from_db()
    assert not inbox["someone_else"].is_read


def test_anonymous_is_sent_to_login(inbox, client):
    for url in (reverse("communications:notification_list"),
                reverse("communications:notification_open", args=[inbox["first"].pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


# --- API


def test_api_lists_only_my_notifications_and_filters_unread(inbox, api):
    client = api("canbo")
    rows = client.get(reverse("communications-api:notification-list")).json()["results"]
    assert [row["id"] for row in rows] == [inbox["second"].pk, inbox["first"].pk, inbox["read"].pk]
    assert rows[0]["title"] == "5 doanh nghiệp chưa nộp báo cáo kỳ 22/11/2026"
    assert rows[0]["is_read"] is False and rows[0]["channels"] == {"in_app": "sent"}
    unread = client.get(reverse("communications-api:notification-list"), {"unread": "true"}).json()["results"]
    assert [row["id"] for row in unread] == [inbox["second"].pk, inbox["first"].pk]
    assert client.get(reverse("communications-api:notification-unread-count")).json() == {"unread": 2}


def test_api_marks_read_only_my_own(inbox, api):
    client = api("canbo")
    mine = client.post(reverse("communications-api:notification-read", args=[inbox["first"].pk]))
    assert mine.status_code == 200 and mine.json()["is_read"] is True
    other = client.post(reverse("communications-api:notification-read", args=[inbox["someone_else"].pk]))
    assert other.status_code == 404
    assert client.get(reverse("communications-api:notification-detail",
                              args=[inbox["someone_else"].pk])).status_code == 404
    inbox["someone_else"].refresh_from_db()
    assert not inbox["someone_else"].is_read
    assert client.post(reverse("communications-api:notification-read-all")).json() == {"marked": 1}
    assert api("truongphong").get(reverse("communications-api:notification-unread-count")).json() == {"unread": 1}


def test_api_refuses_anonymous(inbox):
    from rest_framework.test import APIClient

    assert APIClient().get(reverse("communications-api:notification-list")).status_code == 401
