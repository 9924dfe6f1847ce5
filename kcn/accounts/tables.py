from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn
from kcn.core.tables import Table, field_column, link_to_self

from .models import User


class UserTable(Table):
    columns = [
        field_column(User, "username", label=_("tên đăng nhập"), link=link_to_self),
        field_column(User, "full_name"),
        field_column(User, "email", label=_("thư điện tử")),
        field_column(User, "role"),
        field_column(User, "organisation"),
        field_column(User, "is_active", label=_("đang hoạt động")),
        field_column(User, "last_login", label=_("đăng nhập lần cuối")),
    ]
    default_order = ("username",)


def user_export_columns():
    return [
        ExportColumn(str(_("Tên đăng nhập")), lambda u: u.username),
        ExportColumn(str(_("Họ và tên")), lambda u: u.full_name),
        ExportColumn(str(_("Thư điện tử")), lambda u: u.email),
        ExportColumn(str(_("Vai trò")), lambda u: u.get_role_display()),
        ExportColumn(str(_("Cơ quan, đơn vị")), lambda u: u.organisation),
        ExportColumn(str(_("Đang hoạt động")), lambda u: u.is_active),
    ]
