import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn

from .models import User


class UserTable(tables.Table):
    username = tables.Column(linkify=True, verbose_name=_("Tên đăng nhập"))

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "role", "organisation", "is_active", "last_login"]
        attrs = {"class": "table table-hover align-middle", "id": "object-list"}


def user_export_columns():
    return [
        ExportColumn(str(_("Tên đăng nhập")), lambda u: u.username),
        ExportColumn(str(_("Họ và tên")), lambda u: u.full_name),
        ExportColumn(str(_("Thư điện tử")), lambda u: u.email),
        ExportColumn(str(_("Vai trò")), lambda u: u.get_role_display()),
        ExportColumn(str(_("Cơ quan, đơn vị")), lambda u: u.organisation),
        ExportColumn(str(_("Đang hoạt động")), lambda u: u.is_active),
    ]
