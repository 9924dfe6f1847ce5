"""List tables and export columns of the app's list pages (kcn.core.tables)."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn
from kcn.core.tables import Column, Table, choice_labels, field_column, link_to_self

from .choices import Level
from .models import ChecklistItem, ScenarioPlan, SelfAssessment

LEVEL_LABELS = dict(Level.choices)


def level_label(value):
    return str(LEVEL_LABELS[value]) if value else str(_("Chưa xác định"))


def _level_page(enterprise_id):
    return reverse("prevention:enterprise_level", args=[enterprise_id])


class EnterpriseLevelTable(Table):
    columns = [
        Column("tax_code", _("mã số thuế"), order_by=("tax_code",)),
        Column("name", _("doanh nghiệp"), order_by=("name",), link=lambda e: _level_page(e.pk)),
        Column("zone", _("khu công nghiệp"), value=lambda e: e.zone.name, order_by=("zone__name",)),
        Column("current_level", _("cấp độ"), value=lambda e: level_label(e.current_level),
               order_by=("level_sort",)),
        Column("level_since", _("áp dụng từ ngày"), order_by=("level_since",)),
    ]
    default_order = ("-level_sort", "name")


def enterprise_level_export_columns():
    return [
        ExportColumn(gettext("Mã số thuế"), lambda e: e.tax_code),
        ExportColumn(gettext("Doanh nghiệp"), lambda e: e.name),
        ExportColumn(gettext("Khu công nghiệp"), lambda e: e.zone.name),
        ExportColumn(gettext("Cấp độ"), lambda e: e.current_level or ""),
        ExportColumn(gettext("Tên cấp độ"), lambda e: level_label(e.current_level)),
        ExportColumn(gettext("Áp dụng từ ngày"), lambda e: e.level_since),
    ]


class SelfAssessmentTable(Table):
    columns = [
        Column("enterprise", _("doanh nghiệp"), value=lambda a: a.enterprise.name,
               order_by=("enterprise__name",), link=link_to_self),
        Column("zone", _("khu công nghiệp"), value=lambda a: a.enterprise.zone.name,
               order_by=("enterprise__zone__name",)),
        field_column(SelfAssessment, "submitted_at"),
        field_column(SelfAssessment, "score"),
        field_column(SelfAssessment, "proposed_level"),
        field_column(SelfAssessment, "status"),
    ]
    default_order = ("-submitted_at",)


def assessment_export_columns():
    statuses = choice_labels(SelfAssessment, "status")
    return [
        ExportColumn(gettext("Doanh nghiệp"), lambda a: a.enterprise.name),
        ExportColumn(gettext("Khu công nghiệp"), lambda a: a.enterprise.zone.name),
        ExportColumn(gettext("Gửi lúc"), lambda a: timezone.localtime(a.submitted_at).replace(tzinfo=None)),
        ExportColumn(gettext("Tổng điểm nguy cơ"), lambda a: a.score),
        ExportColumn(gettext("Cấp độ đề xuất"), lambda a: a.proposed_level),
        ExportColumn(gettext("Trạng thái"), lambda a: statuses.get(a.status, a.status)),
    ]


class ScenarioPlanTable(Table):
    columns = [
        Column("enterprise", _("doanh nghiệp"), value=lambda p: p.enterprise.name,
               order_by=("enterprise__name",), link=link_to_self),
        Column("zone", _("khu công nghiệp"), value=lambda p: p.enterprise.zone.name,
               order_by=("enterprise__zone__name",)),
        field_column(ScenarioPlan, "version"),
        Column("action_count", _("số biện pháp"), order_by=("action_count",), numeric=True),
        field_column(ScenarioPlan, "submitted_at"),
        field_column(ScenarioPlan, "status"),
    ]
    default_order = ("enterprise__name",)


def plan_export_columns():
    statuses = choice_labels(ScenarioPlan, "status")
    return [
        ExportColumn(gettext("Doanh nghiệp"), lambda p: p.enterprise.name),
        ExportColumn(gettext("Khu công nghiệp"), lambda p: p.enterprise.zone.name),
        ExportColumn(gettext("Phiên bản"), lambda p: p.version),
        ExportColumn(gettext("Số biện pháp"), lambda p: p.action_count),
        ExportColumn(gettext("Trạng thái"), lambda p: statuses.get(p.status, p.status)),
    ]


def _due(item):
    return formats.date_format(timezone.localtime(item.due_at), "d/m/Y H:i")


class ChecklistItemTable(Table):
    columns = [
        Column("enterprise", _("doanh nghiệp"), value=lambda i: i.checklist.enterprise.name,
               order_by=("checklist__enterprise__name",), link=link_to_self),
        Column("level", _("cấp độ"), value=lambda i: i.checklist.level, order_by=("checklist__level",)),
        field_column(ChecklistItem, "text"),
        field_column(ChecklistItem, "owner"),
        Column("due_at", _("hạn hoàn thành"), value=_due, order_by=("due_at",)),
        Column("done_at", _("hoàn thành lúc"), order_by=("done_at",)),
    ]
    default_order = ("due_at",)


def checklist_item_export_columns():
    return [
        ExportColumn(gettext("Doanh nghiệp"), lambda i: i.checklist.enterprise.name),
        ExportColumn(gettext("Cấp độ"), lambda i: i.checklist.level),
        ExportColumn(gettext("Việc cần làm"), lambda i: i.text),
        ExportColumn(gettext("Người, bộ phận thực hiện"), lambda i: i.owner),
        ExportColumn(gettext("Hạn hoàn thành"), lambda i: timezone.localtime(i.due_at).replace(tzinfo=None)),
        ExportColumn(gettext("Hoàn thành lúc"),
                     lambda i: timezone.localtime(i.done_at).replace(tzinfo=None) if i.done_at else None),
    ]
