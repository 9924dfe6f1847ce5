from email import message_from_bytes
from email.header import decode_header, make_header

import pytest

from kcn.communications.choices import ChannelName, DeliveryStatus
from kcn.communications.models import Delivery, Notification, ZaloFollower
from kcn.communications.services import deliveries_retry, delivery_send, notification_mark_read, notify

from .conftest import ZALO_PATH, ZALO_TOKEN

TITLE = "Đề nghị báo cáo tình hình phòng, chống dịch tuần 47 – KCN Đồng Văn"
BODY = "Đề nghị các doanh nghiệp cập nhật số lao động đã tiêm đủ liều trước 17 giờ ngày 22/11/2026."


def send(capture, **kwargs):
    with capture(execute=True):
        return notify(**kwargs)


def test_email_arrives_over_smtp_with_the_vietnamese_subject(demo, user_named, smtp_server,
                                                             django_capture_on_commit_callbacks):
    canbo = user_named("canbo")
    [notification] = send(django_capture_on_commit_callbacks, recipients=[canbo], title=TITLE, body=BODY,
                          url="/reporting/")

    [(_sender, recipients, message)] = smtp_server.messages
    assert recipients == [canbo.email]
    # The subject travels as RFC 2047 UTF-8 words; decode them the way mail clients do (Python's
    # policy.default keeps the space that folding after "Subject:" leaves in front).
    raw_subject = message_from_bytes(message.as_bytes())["Subject"]
    assert "=?utf-8?" in raw_subject
    assert str(make_header(decode_header(raw_subject))) == TITLE
    assert BODY in message.get_content()
    email = notification.deliveries.get(channel=ChannelName.EMAIL)
    assert email.status == DeliveryStatus.SENT
    assert email.attempts == 1
    assert email.external_id == message["Message-ID"]
    inbox = notification.deliveries.get(channel=ChannelName.IN_APP)
    assert inbox.status == DeliveryStatus.SENT
    assert notification.channel_results == {"email": "sent", "in_app": "sent"}


def test_nothing_is_sent_when_the_caller_rolls_back(demo, user_named, smtp_server,
                                                    django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            notify(recipients=[user_named("canbo")], title=TITLE, body=BODY)
            raise RuntimeError("the caller's own work failed")
    assert smtp_server.messages == []
    assert not Notification.objects.exists()


def test_an_unreachable_smtp_server_is_recorded_and_the_retry_sends_once(demo, user_named, settings,
                                                                       django_capture_on_commit_callbacks,
                                                                       smtp_server):
    from .conftest import free_port

    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    [notification] = send(django_capture_on_commit_callbacks, recipients=[user_named("canbo")], title=TITLE,
                          body=BODY, channels=[ChannelName.EMAIL])
    email = notification.deliveries.get()
    assert email.status == DeliveryStatus.FAILED
    assert email.attempts == 1
    assert "Không gửi được thư" in email.error

    settings.EMAIL_PORT = real_port
    assert deliveries_retry() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.error) == (DeliveryStatus.SENT, 2, "")
    # Retrying a sent delivery, by hand or by the sweep, sends nothing more.
    delivery_send(delivery_id=email.pk)
    assert deliveries_retry() == 0
    email.refresh_from_db()
    assert email.attempts == 2
    assert len(smtp_server.messages) == 1


def test_zalo_message_goes_to_the_oa_api(demo, user_named, zalo_server, django_capture_on_commit_callbacks):
    canbo = user_named("canbo")
    ZaloFollower.objects.create(user=canbo, zalo_user_id="2512523625412515")
    [notification] = send(django_capture_on_commit_callbacks, recipients=[canbo], title=TITLE, body=BODY,
                          channels=[ChannelName.IN_APP, ChannelName.ZALO])

    [request] = zalo_server.requests
    assert request["method"] == "POST"
    assert request["path"] == ZALO_PATH
    assert request["headers"]["access_token"] == ZALO_TOKEN
    assert request["headers"]["content-type"].startswith("application/json")
    assert request["json"]["recipient"] == {"user_id": "2512523625412515"}
    assert request["json"]["message"]["text"].startswith(f"{TITLE}\n\n{BODY}")
    assert "Đồng Văn" in request["raw"].decode("utf-8")
    zalo = notification.deliveries.get(channel=ChannelName.ZALO)
    assert (zalo.status, zalo.external_id, zalo.attempts) == (DeliveryStatus.SENT, "msg-1", 1)


def test_a_zalo_error_answer_is_recorded_as_failed_and_retried_once_fixed(demo, user_named, settings, zalo_server,
                                                                         django_capture_on_commit_callbacks):
    canbo = user_named("canbo")
    ZaloFollower.objects.create(user=canbo, zalo_user_id="2512523625412515")
    settings.KCN_ZALO_OA_TOKEN = "expired-token"
    [notification] = send(django_capture_on_commit_callbacks, recipients=[canbo], title=TITLE, body=BODY,
                          channels=[ChannelName.ZALO])
    zalo = notification.deliveries.get()
    assert zalo.status == DeliveryStatus.FAILED
    assert zalo.error == "Zalo OA trả lỗi -216: Access token is invalid"
    assert zalo.external_id == ""

    settings.KCN_ZALO_OA_TOKEN = ZALO_TOKEN
    for _ in range(3):
        delivery_send(delivery_id=zalo.pk)
    zalo.refresh_from_db()
    assert (zalo.status, zalo.attempts, zalo.error) == (DeliveryStatus.SENT, 2, "")
    assert len(zalo_server.requests) == 2  # the refused one and the one that went out


def test_zalo_without_a_follower_link_fails_without_calling_zalo(demo, user_named, zalo_server,
                                                                 django_capture_on_commit_callbacks):
    [notification] = send(django_capture_on_commit_callbacks, recipients=[user_named("canbo")], title=TITLE,
                          channels=[ChannelName.ZALO])
    zalo = notification.deliveries.get()
    assert zalo.status == DeliveryStatus.FAILED
    assert "Zalo OA" in zalo.error
    assert zalo_server.requests == []


def test_one_delivery_per_channel_even_if_a_channel_is_asked_twice(demo, user_named,
                                                                   django_capture_on_commit_callbacks):
    canbo = user_named("canbo")
    notifications = send(django_capture_on_commit_callbacks, recipients=[canbo, canbo], title=TITLE,
                         channels=[ChannelName.IN_APP, ChannelName.IN_APP])
    assert len(notifications) == 1
    assert Delivery.objects.count() == 1


def test_the_database_refuses_a_second_delivery_on_a_channel(demo, user_named):
    from django.db import IntegrityError, transaction

    [notification] = notify(recipients=[user_named("canbo")], title=TITLE, channels=[ChannelName.IN_APP])
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(notification=notification, channel=ChannelName.IN_APP)


def test_mark_read_is_for_the_recipient_only(demo, user_named):
    canbo, truongphong = user_named("canbo"), user_named("truongphong")
    [notification] = notify(recipients=[canbo], title=TITLE, channels=[ChannelName.IN_APP])

    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(user=truongphong, notification_id=notification.pk)
    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(user=user_named("admin"), notification_id=notification.pk)

    read = notification_mark_read(user=canbo, notification_id=notification.pk)
    assert read.read_at is not None
    again = notification_mark_read(user=canbo, notification_id=notification.pk)
    assert again.read_at == read.read_at
