"""The worker list and its export, with identity numbers and phones masked unless revealed."""

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn
from kcn.core.tables import Column, Table, choice_labels, field_column, link_to_self

from .models import Worker
from .validators import mask_identity, mask_phone


def _worker_link():
    """A worker's page by id, reversed once per table rather than once per row."""
    base = reverse("workers:worker_detail", args=[0])[:-2]
    return lambda worker: f"{base}{worker.pk}/"


def worker_columns(reveal: bool):
    identity = (lambda w: w.identity_number) if reveal else (lambda w: mask_identity(w.identity_number))
    phone = (lambda w: w.phone) if reveal else (lambda w: mask_phone(w.phone))
    return [
        field_column(Worker, "full_name", link=_worker_link()),
        Column("identity_number", _("số CCCD"), value=identity, order_by=("identity_number",)),
        field_column(Worker, "date_of_birth"),
        Column("phone", _("điện thoại"), value=phone),
        field_column(Worker, "workshop"),
        field_column(Worker, "production_line"),
        field_column(Worker, "team"),
        field_column(Worker, "shift"),
        field_column(Worker, "dormitory"),
        field_column(Worker, "bus_route"),
        field_column(Worker, "vaccine_doses"),
        field_column(Worker, "left_on"),
    ]


class WorkerTable(Table):
    default_order = ("full_name",)

    def __init__(self, queryset, *, request, per_page=25, reveal=False):
        self.columns = worker_columns(reveal)
        super().__init__(queryset, request=request, per_page=per_page)

    @property
    def html_rows(self):
        """The body rows as HTML, every text escaped: what core/object_list_table.html's loop
        renders, built in one pass (the template loop dominated a 200-row page)."""
        labels = [escape(capfirst(str(column.label))) for column in self.columns]
        numeric = [column.numeric for column in self.columns]
        rows = []
        for record in self.page.object_list:
            cells = []
            for column, label, is_number in zip(self.columns, labels, numeric, strict=True):
                text, link = column.cell(record)
                value = f'<a href="{escape(link)}">{escape(text)}</a>' if link else escape(text)
                css = ' class="text-end"' if is_number else ""
                cells.append(f'<td data-label="{label}"{css}>{value}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        if not rows:
            rows.append(f'<tr><td colspan="99" class="text-center text-muted py-4">'
                        f'{escape(gettext("Không có dữ liệu phù hợp."))}</td></tr>')
        return mark_safe("".join(rows))  # noqa: S308 (every piece is escaped above)


def worker_export_columns(reveal: bool):
    sexes = choice_labels(Worker, "sex")
    identity = (lambda w: w.identity_number) if reveal else (lambda w: mask_identity(w.identity_number))
    phone = (lambda w: w.phone) if reveal else (lambda w: mask_phone(w.phone))
    return [
        ExportColumn(str(_("Doanh nghiệp")), lambda w: w.enterprise.name),
        ExportColumn(str(_("Số CCCD")), identity),
        ExportColumn(str(_("Họ và tên")), lambda w: w.full_name),
        ExportColumn(str(_("Ngày sinh")), lambda w: w.date_of_birth),
        ExportColumn(str(_("Giới tính")), lambda w: sexes.get(w.sex, "")),
        ExportColumn(str(_("Điện thoại")), phone),
        ExportColumn(str(_("Nơi cư trú")), lambda w: w.residence_address),
        ExportColumn(str(_("Địa chỉ cũ (như đã khai)")), lambda w: w.residence_original),
        ExportColumn(str(_("Phân xưởng")), lambda w: w.workshop),
        ExportColumn(str(_("Dây chuyền")), lambda w: w.production_line),
        ExportColumn(str(_("Tổ")), lambda w: w.team),
        ExportColumn(str(_("Ca")), lambda w: w.shift),
        ExportColumn(str(_("Ký túc xá")), lambda w: w.dormitory),
        ExportColumn(str(_("Phòng")), lambda w: w.room),
        ExportColumn(str(_("Tuyến xe")), lambda w: w.bus_route),
        ExportColumn(str(_("Số mũi vắc-xin")), lambda w: w.vaccine_doses),
        ExportColumn(str(_("Nghỉ việc từ ngày")), lambda w: w.left_on),
    ]


class WorkerImportTable(Table):
    columns = [
        Column("created_at", _("tải lên lúc"), order_by=("created_at",), link=link_to_self),
        Column("enterprise", _("doanh nghiệp"), value=lambda i: i.enterprise.name, order_by=("enterprise__name",)),
        Column("file_name", _("tên tệp")),
        Column("created_by", _("người tải lên"), value=lambda i: str(i.created_by)),
        Column("added", _("thêm mới"), numeric=True, order_by=("added",)),
        Column("changed", _("thay đổi"), numeric=True),
        Column("removed", _("nghỉ việc"), numeric=True),
        Column("unchanged", _("không đổi"), numeric=True),
    ]
    default_order = ("-created_at",)
