"""Choices of outbreak levels, scenario plans and checklists."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.IntegerChoices):
    """Outbreak level (cấp độ dịch) of an enterprise or a zone, 1 to 4."""

    NEW_NORMAL = 1, _("Cấp 1 – bình thường mới")
    AT_RISK = 2, _("Cấp 2 – nguy cơ")
    HIGH_RISK = 3, _("Cấp 3 – nguy cơ cao")
    VERY_HIGH_RISK = 4, _("Cấp 4 – nguy cơ rất cao")


#: Colour of each level, as the provinces' maps showed them (green, yellow, orange, red).
LEVEL_HEX = {1: "#2fb344", 2: "#f5c400", 3: "#f76707", 4: "#d63939"}


class LevelSource(models.TextChoices):
    OFFICER = "officer", _("cán bộ quyết định")
    ASSESSMENT = "assessment", _("đề xuất từ tự đánh giá")
    CASES = "cases", _("đề xuất từ ca bệnh")
    ENTERPRISES = "enterprises", _("đề xuất từ cấp độ các doanh nghiệp")


class AssessmentStatus(models.TextChoices):
    SUBMITTED = "submitted", _("chờ phòng xem xét")
    ACCEPTED = "accepted", _("đã chấp nhận cấp độ đề xuất")
    REJECTED = "rejected", _("không chấp nhận")


class PlanStatus(models.TextChoices):
    SUBMITTED = "submitted", _("chờ phòng xem xét")
    SEEN = "seen", _("đã xem")
    NEEDS_MORE = "needs_more", _("yêu cầu bổ sung")


class PlanDecision(models.TextChoices):
    SEEN = "seen", _("đã xem")
    NEEDS_MORE = "needs_more", _("yêu cầu bổ sung")


class DueUnit(models.TextChoices):
    # "ngày" alone is also the date field type of reports: the context keeps "days" apart.
    HOURS = "hours", pgettext_lazy("unit", "giờ")
    DAYS = "days", pgettext_lazy("unit", "ngày")


class ZoneRule(models.TextChoices):
    HIGHEST = "highest", _("cấp cao nhất trong các doanh nghiệp của KCN")
    SHARE = "share", _("cấp cao nhất mà tỷ lệ doanh nghiệp ở cấp đó trở lên đạt ngưỡng")
