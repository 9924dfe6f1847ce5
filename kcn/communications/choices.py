from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelName(models.TextChoices):
    IN_APP = "in_app", _("trong ứng dụng")
    EMAIL = "email", _("thư điện tử")
    ZALO = "zalo", _("Zalo OA")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("đang chờ gửi")
    SENT = "sent", _("đã gửi")
    FAILED = "failed", _("gửi lỗi")


class Audience(models.TextChoices):
    """Who an announcement of the board goes to."""

    ALL = "all", _("Tất cả doanh nghiệp của Ban")
    SELECTED = "selected", _("Doanh nghiệp được chọn")
