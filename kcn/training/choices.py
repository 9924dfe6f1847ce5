from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    """Where a trainee works (seed 001: consulting firms, environmental centres, industrial promotion
    centres; seed 003: departments of industry and trade and their energy-saving and CP centres)."""

    DOIT = "doit", _("Sở Công Thương")
    PROMOTION_CENTRE = "promotion_centre", _("Trung tâm Khuyến công")
    CP_CENTRE = "cp_centre", _("Trung tâm Tiết kiệm năng lượng và Sản xuất sạch hơn")
    CONSULTING_FIRM = "consulting_firm", _("Công ty tư vấn")
    ENVIRONMENT_CENTRE = "environment_centre", _("Trung tâm tư vấn, quan trắc môi trường")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    UNIVERSITY = "university", _("Trường đại học, viện nghiên cứu")
    OTHER = "other", _("Khác")


class Sex(models.TextChoices):
    FEMALE = "F", _("Nữ")
    MALE = "M", _("Nam")


class CourseStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    RUNNING = "running", _("Đang đào tạo")
    CLOSED = "closed", _("Đã kết thúc")
    CANCELLED = "cancelled", _("Đã hủy")


class DayKind(models.TextChoices):
    CLASS = "class", _("Học trên lớp")
    FIELD = "field", _("Tham quan thực tế")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Đang học")
    WITHDRAWN = "withdrawn", _("Đã rút")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    LATE = "late", _("Đến muộn")
    EXCUSED = "excused", _("Vắng có phép")
    ABSENT = "absent", _("Vắng")


class AttendanceMethod(models.TextChoices):
    TRAINER = "trainer", _("Giảng viên điểm danh")
    QR = "qr", _("Học viên quét mã QR")
    IMPORT = "import", _("Nhập từ tệp")


class CoachingStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    DONE = "done", _("Đã thực hiện")
    CANCELLED = "cancelled", _("Đã hủy")


class CriterionTarget(models.TextChoices):
    """What a rubric criterion grades: each field report, or the trainee over the whole course."""

    REPORT = "report", _("Từng báo cáo thu hoạch")
    ENROLMENT = "enrolment", _("Học viên cả khóa")
