from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    REGISTERED = "registered", _("Đã đăng ký")
    IN_PROGRESS = "in_progress", _("Đang triển khai")
    DONE = "done", _("Hoàn thành")
    DROPPED = "dropped", _("Dừng")


class ActivityKind(models.TextChoices):
    """What a graduate registers to do (seed 001: "đăng ký hoạt động triển khai sản xuất sạch hơn")."""

    ASSESSMENT = "assessment", _("Đánh giá SXSH tại doanh nghiệp")
    CONSULTING = "consulting", _("Tư vấn thực hiện giải pháp SXSH")
    TRAINING = "training", _("Tập huấn, phổ biến SXSH")
    GUIDANCE = "guidance", _("Hướng dẫn doanh nghiệp (quản lý nhà nước)")
    OTHER = "other", _("Khác")


class EvaluationRating(models.TextChoices):
    EXCELLENT = "excellent", _("Tích cực")
    GOOD = "good", _("Khá")
    FAIR = "fair", _("Trung bình")
    WEAK = "weak", _("Tham gia chưa đầy đủ")


class WorkshopStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    HELD = "held", _("Đã tổ chức")
    CANCELLED = "cancelled", _("Đã hủy")


class DocumentKind(models.TextChoices):
    GUIDE = "guide", _("Hướng dẫn")
    TEMPLATE = "template", _("Biểu mẫu")
    SLIDES = "slides", _("Bài trình bày")
    REPORT = "report", _("Báo cáo")
    CASE_STUDY = "case_study", _("Điển hình, dự án trình diễn")
    REGULATION = "regulation", _("Văn bản pháp quy")
    OTHER = "other", _("Khác")


class DocumentTopic(models.TextChoices):
    CLEANER_PRODUCTION = "cleaner_production", _("Sản xuất sạch hơn")
    ENERGY = "energy", _("Tiết kiệm năng lượng")
    WATER = "water", _("Sử dụng nước")
    MATERIALS = "materials", _("Nguyên vật liệu, hóa chất")
    WASTE = "waste", _("Chất thải")
    ASSESSMENT = "assessment", _("Phương pháp đánh giá")
    POLICY = "policy", _("Chính sách, chiến lược")
    TRAINING = "training", _("Đào tạo, tập huấn")
