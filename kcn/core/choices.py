from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("xem")
    ADD = "add", _("thêm")
    CHANGE = "change", _("sửa")
    DELETE = "delete", _("xóa")
    EXPORT = "export", _("xuất")
    IMPORT = "import", _("nhập")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("đang chờ")
    RUNNING = "running", _("đang chạy")
    DONE = "done", _("hoàn tất")
    FAILED = "failed", _("có lỗi")
