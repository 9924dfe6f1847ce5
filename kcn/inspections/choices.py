from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """What a checklist is for; the epidemic one first, drills and audits reuse the app later."""

    EPIDEMIC = "epidemic", _("Phòng, chống dịch")
    DISASTER_DRILL = "disaster_drill", _("Diễn tập phòng, chống thiên tai")
    CLEANER_PRODUCTION = "cleaner_production", _("Đánh giá sản xuất sạch hơn")


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("đang lập")
    FINALISED = "finalised", _("đã hoàn tất")


class Outcome(models.TextChoices):
    PENDING = "", _("chưa đánh giá")
    PASS = "pass", _("đạt")
    FAIL = "fail", _("không đạt")
    NOT_APPLICABLE = "na", _("không áp dụng")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("mở")
    FIXED = "fixed", _("đã khắc phục")
    VERIFIED = "verified", _("đã xác nhận")
