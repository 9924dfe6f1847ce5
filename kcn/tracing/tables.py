"""The case list and the contacts' export. Identity numbers and phones are masked exactly as the
worker list masks them (kcn.workers.validators)."""

from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn
from kcn.core.tables import Column, Table, choice_labels, field_column, link_to_self
from kcn.workers.validators import mask_identity, mask_phone

from .models import Case, Contact


class CaseTable(Table):
    columns = [
        Column("worker", _("người bệnh"), value=lambda c: c.worker.full_name, order_by=("worker__full_name",),
               link=link_to_self),
        Column("identity_number", _("số CCCD"), value=lambda c: mask_identity(c.identity_number)),
        Column("enterprise", _("doanh nghiệp"), value=lambda c: c.enterprise.name, order_by=("enterprise__name",)),
        Column("zone", _("khu công nghiệp"), value=lambda c: c.enterprise.zone.name,
               order_by=("enterprise__zone__name",)),
        field_column(Case, "positive_test_date"),
        field_column(Case, "symptom_onset"),
        field_column(Case, "status"),
        Column("contact_count", _("số người tiếp xúc"), order_by=("contact_count",), numeric=True),
    ]
    default_order = ("-positive_test_date",)


def case_export_columns():
    statuses = choice_labels(Case, "status")
    return [
        ExportColumn(str(_("Họ và tên")), lambda c: c.worker.full_name),
        ExportColumn(str(_("Số CCCD")), lambda c: mask_identity(c.identity_number)),
        ExportColumn(str(_("Doanh nghiệp")), lambda c: c.enterprise.name),
        ExportColumn(str(_("Khu công nghiệp")), lambda c: c.enterprise.zone.name),
        ExportColumn(str(_("Ngày xét nghiệm dương tính")), lambda c: c.positive_test_date),
        ExportColumn(str(_("Ngày khởi phát triệu chứng")), lambda c: c.symptom_onset),
        ExportColumn(str(_("Nơi cách ly, điều trị")), lambda c: c.isolation_place),
        ExportColumn(str(_("Trạng thái")), lambda c: statuses.get(c.status, c.status)),
        ExportColumn(str(_("Ngày kết thúc")), lambda c: c.released_on),
        ExportColumn(str(_("Số người tiếp xúc")), lambda c: c.contact_count),
    ]


def contact_export_columns():
    generation = _("F%(n)s")
    decisions, statuses = choice_labels(Contact, "decision"), choice_labels(Contact, "status")
    return [
        ExportColumn(str(_("Thế hệ")), lambda c: str(generation) % {"n": c.generation}),
        ExportColumn(str(_("Họ và tên")), lambda c: c.worker.full_name),
        ExportColumn(str(_("Số CCCD")), lambda c: mask_identity(c.worker.identity_number)),
        ExportColumn(str(_("Điện thoại")), lambda c: mask_phone(c.worker.phone)),
        ExportColumn(str(_("Doanh nghiệp")), lambda c: c.enterprise.name),
        ExportColumn(str(_("Tổ")), lambda c: c.worker.team),
        ExportColumn(str(_("Ca")), lambda c: c.worker.shift),
        ExportColumn(str(_("Truy từ")), lambda c: c.source_worker.full_name),
        ExportColumn(str(_("Nhóm tiếp xúc")), lambda c: c.link),
        ExportColumn(str(_("Phiên bản quy tắc")), lambda c: c.rule.version),
        ExportColumn(str(_("Xác nhận")), lambda c: decisions.get(c.decision, c.decision)),
        ExportColumn(str(_("Tình trạng")), lambda c: statuses.get(c.status, c.status)),
        ExportColumn(str(_("Từ ngày")), lambda c: c.status_on),
    ]
