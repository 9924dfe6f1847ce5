from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kcn.core.models import LeanHistoricalRecords, RestrictedQuerySet

from .choices import Role


class UserQuerySet(RestrictedQuerySet):
    pass


class KcnUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who logs in. Where they sit (board, department, enterprise) is in registry."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices, default=Role.DEPARTMENT_OFFICER)
    language = models.CharField(
        _("ngôn ngữ"), max_length=8, choices=[("vi", "Tiếng Việt"), ("en", "English")], default="vi"
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    organisation = models.CharField(
        _("cơ quan, đơn vị"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: UBND tỉnh Ninh Bình, Trung tâm Khuyến công."),
    )

    objects = KcnUserManager()
    history = LeanHistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = pgettext_lazy("plural", "người dùng")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    @classmethod
    def scope_q(cls, user, action):
        # Only administrators manage users (permissions.py); they manage all of them.
        return None

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accounts:user_detail", args=[self.pk])

    @property
    def display_name(self):
        return str(self)

    @property
    def is_admin(self):
        return self.is_superuser or self.role == Role.ADMIN
