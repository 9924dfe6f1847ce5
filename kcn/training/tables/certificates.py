"""The certificate list and its export (kcn.core.tables)."""

from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn
from kcn.core.tables import Column, Table, field_column, link_to_self

from ..models import Certificate


def _status(record):
    return _("Đã thu hồi") if record.is_revoked else _("Còn hiệu lực")


class CertificateTable(Table):
    columns = [
        field_column(Certificate, "code", link=link_to_self),
        field_column(Certificate, "number"),
        Column("holder", _("Học viên"), value=lambda r: r.enrolment.trainee.full_name,
               order_by=("enrolment__trainee__full_name",), link=link_to_self),
        Column("course", _("Khóa"), value=lambda r: str(r.enrolment.course),
               order_by=("enrolment__course__start_date",)),
        Column("band", _("Xếp loại"), value=lambda r: r.enrolment.band.name if r.enrolment.band_id else ""),
        field_column(Certificate, "issued_on"),
        Column("status", _("Trạng thái"), value=_status, order_by=("revoked_at",)),
    ]
    default_order = ("-issued_on",)


def certificate_export_columns():
    return [
        ExportColumn(str(_("Mã xác thực")), lambda r: r.code),
        ExportColumn(str(_("Số chứng chỉ")), lambda r: r.number),
        ExportColumn(str(_("Học viên")), lambda r: r.enrolment.trainee.full_name),
        ExportColumn(str(_("Cơ quan, đơn vị khi học")), lambda r: r.enrolment.organisation),
        ExportColumn(str(_("Chương trình")), lambda r: r.enrolment.course.programme.name),
        ExportColumn(str(_("Khóa")), lambda r: str(r.enrolment.course)),
        ExportColumn(str(_("Điểm tổng hợp")), lambda r: r.enrolment.result_score),
        ExportColumn(str(_("Xếp loại")), lambda r: r.enrolment.band.name if r.enrolment.band_id else ""),
        ExportColumn(str(_("Ngày cấp")), lambda r: r.issued_on),
        ExportColumn(str(_("Người ký")), lambda r: r.signer_name),
        ExportColumn(str(_("Trạng thái")), lambda r: str(_status(r))),
        ExportColumn(str(_("Thu hồi lúc")), lambda r: r.revoked_at),
        ExportColumn(str(_("Lý do thu hồi")), lambda r: r.revoked_reason),
    ]
