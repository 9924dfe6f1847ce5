"""List tables and .xlsx columns of the network (kcn.core.tables, not django-tables2)."""

from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn
from kcn.core.tables import Column, Table, choice_labels, field_column, link_to_self

from .models import Consultant, CpActivity, Document, Workshop

_ORGANISATION_TYPES = choice_labels(Consultant, "organisation_type")


def _province(record):
    return record.province.name if record.province_id else ""


class ConsultantTable(Table):
    columns = [
        Column("full_name", _("Họ và tên"), order_by=("full_name",), link=lambda r: r.get_absolute_url()),
        Column("organisation", _("Cơ quan, đơn vị"), order_by=("organisation",)),
        Column("organisation_type", _("Loại đơn vị"), value=lambda r: _ORGANISATION_TYPES.get(r.organisation_type),
               order_by=("organisation_type",)),
        Column("province", _("Tỉnh, thành phố"), value=_province, order_by=("province__name",)),
    ]
    default_order = ("full_name",)


def consultant_export_columns(show_email):
    columns = [
        ExportColumn(str(_("Họ và tên")), lambda r: r.full_name),
        ExportColumn(str(_("Cơ quan, đơn vị")), lambda r: r.organisation),
        ExportColumn(str(_("Loại đơn vị")), lambda r: _ORGANISATION_TYPES.get(r.organisation_type)),
        ExportColumn(str(_("Chức vụ")), lambda r: r.position),
        ExportColumn(str(_("Tỉnh, thành phố")), _province),
    ]
    if show_email:
        columns.append(ExportColumn(str(_("Thư điện tử")), lambda r: r.email))
    return columns


class ActivityTable(Table):
    _kind = choice_labels(CpActivity, "kind")
    _status = choice_labels(CpActivity, "status")
    columns = [
        Column("title", _("Tên hoạt động"), order_by=("title",), link=link_to_self),
        Column("trainee", _("Chuyên gia"), value=lambda r: r.trainee.full_name, order_by=("trainee__full_name",)),
        Column("kind", _("Loại hoạt động"), value=lambda r: ActivityTable._kind[r.kind], order_by=("kind",)),
        Column("enterprise_name", _("Doanh nghiệp"), order_by=("enterprise_name",)),
        field_column(CpActivity, "planned_start"),
        field_column(CpActivity, "planned_end"),
        Column("status", _("Trạng thái"), value=lambda r: ActivityTable._status[r.status], order_by=("status",)),
    ]
    default_order = ("trainee__full_name", "planned_start")


def activity_export_columns():
    kind, status = choice_labels(CpActivity, "kind"), choice_labels(CpActivity, "status")
    return [
        ExportColumn(str(_("Chuyên gia")), lambda r: r.trainee.full_name),
        ExportColumn(str(_("Chương trình")), lambda r: r.programme.name if r.programme_id else ""),
        ExportColumn(str(_("Loại hoạt động")), lambda r: kind[r.kind]),
        ExportColumn(str(_("Tên hoạt động")), lambda r: r.title),
        ExportColumn(str(_("Doanh nghiệp")), lambda r: r.enterprise_name),
        ExportColumn(str(_("Dự kiến bắt đầu")), lambda r: r.planned_start),
        ExportColumn(str(_("Dự kiến kết thúc")), lambda r: r.planned_end),
        ExportColumn(str(_("Trạng thái")), lambda r: status[r.status]),
    ]


class WorkshopTable(Table):
    _status = choice_labels(Workshop, "status")
    columns = [
        field_column(Workshop, "start_date", link=link_to_self),
        Column("title", _("Tên hội thảo"), order_by=("title",), link=link_to_self),
        Column("place", _("Địa điểm"), order_by=("place",)),
        Column("province", _("Tỉnh, thành phố"), value=_province, order_by=("province__name",)),
        Column("status", _("Trạng thái"), value=lambda r: WorkshopTable._status[r.status], order_by=("status",)),
    ]
    default_order = ("-start_date",)


def workshop_export_columns():
    status = choice_labels(Workshop, "status")
    return [
        ExportColumn(str(_("Tên hội thảo")), lambda r: r.title),
        ExportColumn(str(_("Đơn vị tổ chức")), lambda r: r.organiser),
        ExportColumn(str(_("Địa điểm")), lambda r: r.place),
        ExportColumn(str(_("Tỉnh, thành phố")), _province),
        ExportColumn(str(_("Từ ngày")), lambda r: r.start_date),
        ExportColumn(str(_("Đến ngày")), lambda r: r.end_date),
        ExportColumn(str(_("Trạng thái")), lambda r: status[r.status]),
    ]


class DocumentTable(Table):
    _kind = choice_labels(Document, "kind")
    _topic = choice_labels(Document, "topic")
    columns = [
        Column("title", _("Tên tài liệu"), order_by=("title",), link=link_to_self),
        Column("kind", _("Loại"), value=lambda r: DocumentTable._kind[r.kind], order_by=("kind",)),
        Column("topic", _("Chủ đề"), value=lambda r: DocumentTable._topic[r.topic], order_by=("topic",)),
        field_column(Document, "published_on"),
        Column("author", _("Tác giả, đơn vị ban hành"), order_by=("author",)),
    ]
    default_order = ("-published_on", "title")


def document_export_columns():
    kind, topic, sector = (choice_labels(Document, "kind"), choice_labels(Document, "topic"),
                           choice_labels(Document, "sector"))
    return [
        ExportColumn(str(_("Tên tài liệu")), lambda r: r.title),
        ExportColumn(str(_("Loại")), lambda r: kind[r.kind]),
        ExportColumn(str(_("Chủ đề")), lambda r: topic[r.topic]),
        ExportColumn(str(_("Ngành")), lambda r: sector.get(r.sector, "")),
        ExportColumn(str(_("Tác giả, đơn vị ban hành")), lambda r: r.author),
        ExportColumn(str(_("Ngày ban hành")), lambda r: r.published_on),
        ExportColumn(str(_("Tóm tắt")), lambda r: r.description),
        ExportColumn(str(_("Tên tệp")), lambda r: r.original_name),
    ]
