from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldType(models.TextChoices):
    INTEGER = "integer", _("số nguyên")
    DECIMAL = "decimal", _("số thập phân")
    TEXT = "text", _("văn bản")
    CHOICE = "choice", _("lựa chọn")
    DATE = "date", _("ngày")
    YES_NO = "yes_no", _("có/không")


NUMERIC_TYPES = frozenset({FieldType.INTEGER, FieldType.DECIMAL})


class Frequency(models.TextChoices):
    DAILY = "daily", _("hằng ngày")
    WEEKLY = "weekly", _("hằng tuần")
    MONTHLY = "monthly", _("hằng tháng")
    QUARTERLY = "quarterly", _("hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    YEARLY = "yearly", _("hằng năm")
    AD_HOC = "ad_hoc", _("đột xuất")


class PeriodConvention(models.TextChoices):
    CALENDAR = "calendar", _("theo lịch")
    STATE = "state", _("theo chế độ báo cáo nhà nước (từ ngày 15 kỳ trước đến ngày 14)")


class TargetKind(models.TextChoices):
    ZONES = "zones", _("mọi doanh nghiệp của các KCN đã chọn")
    SECTOR = "sector", _("doanh nghiệp của một ngành")
    LIST = "list", _("danh sách doanh nghiệp")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("bản nháp")
    SUBMITTED = "submitted", _("đã nộp")
