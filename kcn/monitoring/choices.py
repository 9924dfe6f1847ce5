from django.db import models
from django.utils.translation import gettext_lazy as _


class TravelDirection(models.TextChoices):
    WENT_TO = "went_to", _("Đi đến vùng dịch rồi trở về")
    CAME_FROM = "came_from", _("Đến từ vùng dịch")


class TravelMeans(models.TextChoices):
    CAR = "car", _("Ô tô cá nhân")
    MOTORBIKE = "motorbike", _("Xe máy")
    COACH = "coach", _("Xe khách")
    TRAIN = "train", _("Tàu hỏa")
    PLANE = "plane", _("Máy bay")
    COMPANY_BUS = "company_bus", _("Xe đưa đón của doanh nghiệp")
    OTHER = "other", _("Khác")


class MonitoringStatus(models.TextChoices):
    QUARANTINE = "quarantine", _("đang cách ly tập trung")
    SELF_ISOLATION = "self_isolation", _("đang tự cách ly")
    DONE = "done", _("hết theo dõi")
