from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of the product map. What each may do is in each app's permissions.py."""

    ADMIN = "admin", _("Quản trị hệ thống")
    BOARD_LEADER = "board_leader", _("Lãnh đạo Ban")
    DEPARTMENT_HEAD = "department_head", _("Trưởng phòng")
    DEPARTMENT_OFFICER = "department_officer", _("Cán bộ phòng")
    ENTERPRISE = "enterprise", _("Đại diện doanh nghiệp")
    OBSERVER = "observer", _("Quan sát viên cấp tỉnh")
    PROGRAMME_MANAGER = "programme_manager", _("Quản lý chương trình")
    TRAINER = "trainer", _("Giảng viên")
    TRAINEE = "trainee", _("Học viên")
