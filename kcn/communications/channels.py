"""The channels a notification can go out on, behind one interface: ``send(delivery) -> external id``.

A channel raises ``ChannelError`` when the message did not go out; the caller records the error
on the delivery and may try again later. SMS is not here yet: there is no provider contract to
build it against (see the product map, module 7).
"""

import json
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid

from .choices import ChannelName

ZALO_OA_URL = "https://openapi.zalo.me/v3.0/oa/message/cs"
ZALO_TEXT_LIMIT = 2000  # characters of a Zalo OA text message
TIMEOUT = 15  # seconds


class ChannelError(Exception):
    """The message did not go out; the text is stored on the delivery for the administrator."""


class Channel(Protocol):
    def send(self, delivery) -> str:
        """Send the delivery's notification; return the channel's id for the message."""


def message_text(notification) -> str:
    """Title, body and link as one plain text, for the channels that carry nothing richer."""
    parts = [notification.title, notification.body, absolute_url(notification.url)]
    return "\n\n".join(part for part in parts if part)


def absolute_url(url: str) -> str:
    # A path means nothing outside the site; KCN_BASE_URL (e.g. https://kcn.ninhbinh.gov.vn) makes it a link.
    base = getattr(settings, "KCN_BASE_URL", "")
    return f"{base.rstrip('/')}{url}" if url.startswith("/") and base else url


class InAppChannel:
    """The inbox: the notification row is the message, so there is nothing to carry."""

    def send(self, delivery) -> str:
        return str(delivery.notification_id)


class EmailChannel:
    """Email through Django's mail backend (SMTP at EMAIL_HOST:EMAIL_PORT in production)."""

    def send(self, delivery) -> str:
        notification = delivery.notification
        address = notification.recipient.email
        if not address:
            raise ChannelError("Người nhận chưa có địa chỉ thư điện tử.")
        message_id = make_msgid()
        message = EmailMessage(
            subject=notification.title, body=message_text(notification), to=[address],
            headers={"Message-ID": message_id},
        )
        try:
            message.send()
        except (OSError, ValueError) as exc:  # smtplib.SMTPException is an OSError
            raise ChannelError(f"Không gửi được thư: {exc}") from exc
        return message_id


class ZaloChannel:
    """A customer-service text message from the board's Zalo Official Account (OA API v3)."""

    def __init__(self, url: str | None = None, token: str | None = None):
        self.url = url or getattr(settings, "KCN_ZALO_OA_URL", "") or ZALO_OA_URL
        self.token = token if token is not None else getattr(settings, "KCN_ZALO_OA_TOKEN", "")

    def send(self, delivery) -> str:
        if not self.token:
            raise ChannelError("Chưa cấu hình access token của Zalo OA (KCN_ZALO_OA_TOKEN).")
        follower = getattr(delivery.notification.recipient, "zalo_follower", None)
        if follower is None:
            raise ChannelError("Người nhận chưa theo dõi Zalo OA của Ban.")
        payload = {
            "recipient": {"user_id": follower.zalo_user_id},
            "message": {"text": message_text(delivery.notification)[:ZALO_TEXT_LIMIT]},
        }
        request = urllib.request.Request(
            self.url, method="POST", data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={"access_token": self.token, "Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                answer = json.loads(response.read().decode())
        except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors; bad JSON a ValueError
            raise ChannelError(f"Không gọi được Zalo OA: {exc}") from exc
        # Zalo answers HTTP 200 and puts the outcome in "error": 0 is success.
        if not isinstance(answer, dict) or answer.get("error") != 0:
            code = answer.get("error") if isinstance(answer, dict) else None
            text = answer.get("message") if isinstance(answer, dict) else answer
            raise ChannelError(f"Zalo OA trả lỗi {code}: {text}")
        return str((answer.get("data") or {}).get("message_id", ""))


def channel_for(name: str) -> Channel:
    channels = {ChannelName.IN_APP: InAppChannel, ChannelName.EMAIL: EmailChannel, ChannelName.ZALO: ZaloChannel}
    return channels[name]()
