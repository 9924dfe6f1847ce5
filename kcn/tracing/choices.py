from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupField(models.TextChoices):
    """Worker fields a tracing group may combine (kcn.workers.models.Worker)."""

    WORKSHOP = "workshop", _("phân xưởng")
    PRODUCTION_LINE = "production_line", _("dây chuyền")
    TEAM = "team", _("tổ")
    SHIFT = "shift", _("ca")
    DORMITORY = "dormitory", _("khu nhà ở")
    ROOM = "room", _("phòng")
    BUS_ROUTE = "bus_route", _("tuyến xe")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Đang điều trị, cách ly")
    RELEASED = "released", _("Đã khỏi, kết thúc")


class Decision(models.TextChoices):
    PROPOSED = "proposed", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    REJECTED = "rejected", _("Đã loại")


class PersonStatus(models.TextChoices):
    NONE = "", _("Chưa cập nhật")
    ISOLATING = "isolating", _("Đang cách ly")
    NEGATIVE = "negative", _("Xét nghiệm âm tính")
    POSITIVE = "positive", _("Dương tính")
    RELEASED = "released", _("Hết cách ly")
