"""List tables of inspections (kcn.core.tables, not django-tables2)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn
from kcn.core.tables import Column, Table, choice_labels, field_column, link_to_self

from .choices import ActionStatus
from .models import CorrectiveAction, Inspection


class InspectionTable(Table):
    _status = choice_labels(Inspection, "status")
    columns = [
        field_column(Inspection, "date", link=link_to_self),
        Column("enterprise", _("Doanh nghiệp"), value=lambda r: r.enterprise.name, order_by=("enterprise__name",),
               link=link_to_self),
        Column("zone", _("Khu công nghiệp"), value=lambda r: r.enterprise.zone.name,
               order_by=("enterprise__zone__name",)),
        Column("status", _("Trạng thái"), value=lambda r: InspectionTable._status[r.status], order_by=("status",)),
        Column("failed", _("Không đạt"), value=lambda r: r.failed_count, numeric=True),
        Column("open_actions", _("Biện pháp còn mở"), value=lambda r: r.open_actions, numeric=True),
    ]
    default_order = ("-date",)


def _action_status(record):
    label = str(ActionTable._status[record.status])
    if record.status == ActionStatus.OPEN and record.due_date < timezone.localdate():
        return f"{label} · {_('quá hạn')}"
    return label


class ActionTable(Table):
    _status = choice_labels(CorrectiveAction, "status")
    columns = [
        Column("description", _("Biện pháp khắc phục"), value=lambda r: r.description[:120], link=link_to_self),
        Column("enterprise", _("Doanh nghiệp"), value=lambda r: r.enterprise.name, order_by=("enterprise__name",)),
        field_column(CorrectiveAction, "due_date"),
        Column("status", _("Trạng thái"), value=_action_status, order_by=("status",)),
        Column("inspection", _("Ngày kiểm tra"), value=lambda r: r.inspection.date, order_by=("inspection__date",),
               link=lambda r: r.inspection.get_absolute_url()),
    ]
    default_order = ("due_date",)


def inspection_export_columns():
    status = choice_labels(Inspection, "status")
    return [
        ExportColumn(str(_("Ngày kiểm tra")), lambda r: r.date),
        ExportColumn(str(_("Mã số thuế")), lambda r: r.enterprise.tax_code),
        ExportColumn(str(_("Doanh nghiệp")), lambda r: r.enterprise.name),
        ExportColumn(str(_("Khu công nghiệp")), lambda r: r.enterprise.zone.name),
        ExportColumn(str(_("Trạng thái")), lambda r: status[r.status]),
        ExportColumn(str(_("Số nội dung không đạt")), lambda r: r.failed_count),
        ExportColumn(str(_("Biện pháp còn mở")), lambda r: r.open_actions),
        ExportColumn(str(_("Kết luận")), lambda r: r.conclusion),
    ]


def action_export_columns():
    status = choice_labels(CorrectiveAction, "status")
    return [
        ExportColumn(str(_("Doanh nghiệp")), lambda r: r.enterprise.name),
        ExportColumn(str(_("Khu công nghiệp")), lambda r: r.enterprise.zone.name),
        ExportColumn(str(_("Ngày kiểm tra")), lambda r: r.inspection.date),
        ExportColumn(str(_("Biện pháp khắc phục")), lambda r: r.description),
        ExportColumn(str(_("Hạn khắc phục")), lambda r: r.due_date),
        ExportColumn(str(_("Trạng thái")), lambda r: status[r.status]),
        ExportColumn(str(_("Báo cáo khắc phục")), lambda r: r.fix_note),
        ExportColumn(str(_("Ý kiến xác nhận")), lambda r: r.verify_note),
    ]
