from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn
from kcn.core.tables import Column, Table, choice_labels, field_column, link_to_self

from .choices import MonitoringStatus
from .models import CommitmentAcknowledgement, HealthDeclaration, HotlineCall, OutbreakArea, TravelDeclaration

STATUS_LABELS = dict(MonitoringStatus.choices)


def _period(start, end):
    if not start or not end or end < start:
        return ""
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def quarantine_period(record):
    return _period(record.quarantine_start, record.quarantine_end)


def isolation_period(record):
    return _period(record.isolation_start, record.isolation_end)


def status_label(record):
    code = getattr(record, "status_code", None) or record.status
    return str(STATUS_LABELS[code])


class RuleTable(Table):
    columns = [
        Column("valid_from", _("áp dụng từ ngày"), order_by=("valid_from",)),
        Column("quarantine_days", _("số ngày cách ly tập trung"), numeric=True),
        Column("self_isolation_days", _("số ngày tự cách ly"), numeric=True),
        Column("basis", _("căn cứ")),
        Column("board", _("ban quản lý"), value=lambda r: r.board.short_name or r.board.name),
    ]
    default_order = ("-valid_from",)


class AreaTable(Table):
    columns = [
        Column("id", _("mã"), order_by=("id",), numeric=False),
        Column("place", _("vùng dịch"), value=lambda a: a.place_name, link=link_to_self,
               order_by=("province__name", "commune__name")),
        field_column(OutbreakArea, "start_date"),
        Column("end_date", _("đến ngày"), value=lambda a: a.end_date or _("chưa kết thúc"), order_by=("end_date",)),
        field_column(OutbreakArea, "quarantine_days", label=_("cách ly tập trung (ngày)")),
        field_column(OutbreakArea, "self_isolation_days", label=_("tự cách ly (ngày)")),
        field_column(OutbreakArea, "source"),
    ]
    default_order = ("-start_date",)


def area_export_columns():
    return [
        ExportColumn(str(_("Mã")), lambda a: a.pk),
        ExportColumn(str(_("Tỉnh, thành phố")), lambda a: a.province.name),
        ExportColumn(str(_("Xã, phường")), lambda a: a.commune.name if a.commune_id else ""),
        ExportColumn(str(_("Từ ngày")), lambda a: a.start_date),
        ExportColumn(str(_("Đến ngày")), lambda a: a.end_date),
        ExportColumn(str(_("Cách ly tập trung (ngày)")), lambda a: a.quarantine_days),
        ExportColumn(str(_("Tự cách ly (ngày)")), lambda a: a.self_isolation_days),
        ExportColumn(str(_("Căn cứ công bố")), lambda a: a.source),
    ]


class TravelTable(Table):
    columns = [
        Column("worker", _("người lao động"), value=lambda t: t.worker.full_name, link=link_to_self,
               order_by=("worker__full_name",)),
        Column("identity", _("số CCCD"), value=lambda t: t.worker.identity_number),
        Column("enterprise", _("doanh nghiệp"), value=lambda t: t.enterprise.name, order_by=("enterprise__name",)),
        Column("area", _("vùng dịch"), value=lambda t: t.area.place_name),
        Column("return_date", _("ngày về"), order_by=("return_date",)),
        Column("quarantine", _("cách ly tập trung"), value=quarantine_period, order_by=("quarantine_end",)),
        Column("isolation", _("tự cách ly tại nơi cư trú"), value=isolation_period, order_by=("isolation_end",)),
        Column("status", _("tình trạng"), value=status_label, order_by=("isolation_end",)),
    ]
    default_order = ("-return_date",)


def travel_export_columns():
    means = choice_labels(TravelDeclaration, "means")
    directions = choice_labels(TravelDeclaration, "direction")
    return [
        ExportColumn(str(_("Họ và tên")), lambda t: t.worker.full_name),
        ExportColumn(str(_("Số CCCD")), lambda t: t.worker.identity_number),
        ExportColumn(str(_("Doanh nghiệp")), lambda t: t.enterprise.name),
        ExportColumn(str(_("Khu công nghiệp")), lambda t: t.enterprise.zone.name),
        ExportColumn(str(_("Vùng dịch")), lambda t: t.area.place_name),
        ExportColumn(str(_("Hình thức")), lambda t: directions.get(t.direction, "")),
        ExportColumn(str(_("Ngày đi")), lambda t: t.departure_date),
        ExportColumn(str(_("Ngày về")), lambda t: t.return_date),
        ExportColumn(str(_("Phương tiện")), lambda t: means.get(t.means, "")),
        ExportColumn(str(_("Cách ly tập trung từ")), lambda t: t.quarantine_start),
        ExportColumn(str(_("Cách ly tập trung đến")), lambda t: t.quarantine_end),
        ExportColumn(str(_("Tự cách ly từ")), lambda t: t.isolation_start),
        ExportColumn(str(_("Tự cách ly đến")), lambda t: t.isolation_end if t.self_isolation_days else None),
        ExportColumn(str(_("Tình trạng")), status_label),
        ExportColumn(str(_("Ghi chú")), lambda t: t.note),
    ]


def _symptoms(record):
    return ", ".join(record.symptom_labels()) or _("bình thường")


class HealthTable(Table):
    columns = [
        Column("date", _("ngày"), order_by=("date",)),
        Column("worker", _("người lao động"), value=lambda h: h.worker.full_name, order_by=("worker__full_name",)),
        Column("identity", _("số CCCD"), value=lambda h: h.worker.identity_number),
        Column("enterprise", _("doanh nghiệp"), value=lambda h: h.enterprise.name, order_by=("enterprise__name",)),
        Column("symptoms", _("triệu chứng"), value=_symptoms, order_by=("symptomatic",)),
        field_column(HealthDeclaration, "temperature"),
    ]
    default_order = ("-date", "-symptomatic", "worker__full_name")


def health_export_columns():
    return [
        ExportColumn(str(_("Ngày")), lambda h: h.date),
        ExportColumn(str(_("Họ và tên")), lambda h: h.worker.full_name),
        ExportColumn(str(_("Số CCCD")), lambda h: h.worker.identity_number),
        ExportColumn(str(_("Doanh nghiệp")), lambda h: h.enterprise.name),
        ExportColumn(str(_("Sốt")), lambda h: h.fever),
        ExportColumn(str(_("Ho")), lambda h: h.cough),
        ExportColumn(str(_("Khó thở")), lambda h: h.shortness_of_breath),
        ExportColumn(str(_("Nhiệt độ (°C)")), lambda h: h.temperature),
        ExportColumn(str(_("Triệu chứng khác")), lambda h: h.other_symptoms),
    ]


class PendingTable(Table):
    """Enterprises that have not acknowledged a commitment version."""

    columns = [
        Column("tax_code", _("mã số thuế"), order_by=("tax_code",)),
        Column("name", _("doanh nghiệp"), link=lambda e: e.get_absolute_url(), order_by=("name",)),
        Column("zone", _("khu công nghiệp"), value=lambda e: e.zone.name, order_by=("zone__name",)),
        Column("phone", _("điện thoại")),
        Column("email", _("thư điện tử")),
    ]
    default_order = ("zone__name", "name")


def pending_export_columns():
    return [
        ExportColumn(str(_("Mã số thuế")), lambda e: e.tax_code),
        ExportColumn(str(_("Doanh nghiệp")), lambda e: e.name),
        ExportColumn(str(_("Khu công nghiệp")), lambda e: e.zone.name),
        ExportColumn(str(_("Điện thoại")), lambda e: e.phone),
        ExportColumn(str(_("Thư điện tử")), lambda e: e.email),
    ]


class AcknowledgementTable(Table):
    columns = [
        Column("enterprise", _("doanh nghiệp"), value=lambda a: a.enterprise.name, order_by=("enterprise__name",)),
        Column("zone", _("khu công nghiệp"), value=lambda a: a.enterprise.zone.name,
               order_by=("enterprise__zone__name",)),
        field_column(CommitmentAcknowledgement, "signer_name"),
        field_column(CommitmentAcknowledgement, "signer_position"),
        field_column(CommitmentAcknowledgement, "signed_on"),
        Column("scan", _("bản ký scan"), value=lambda a: bool(a.scan)),
    ]
    default_order = ("enterprise__zone__name", "enterprise__name")


class CallTable(Table):
    columns = [
        Column("called_at", _("thời điểm gọi"), link=link_to_self, order_by=("called_at",)),
        field_column(HotlineCall, "caller_name"),
        field_column(HotlineCall, "caller_phone"),
        Column("enterprise", _("doanh nghiệp"), value=lambda c: c.enterprise.name if c.enterprise_id else "",
               order_by=("enterprise__name",)),
        Column("question", _("nội dung hỏi"), value=lambda c: c.question[:120]),
        Column("follow_up", _("xử lý tiếp"), value=lambda c: follow_up_label(c), order_by=("follow_up_needed",)),
        Column("handled_by", _("người tiếp nhận"), value=lambda c: c.handled_by.display_name),
    ]
    default_order = ("-called_at",)


def follow_up_label(call):
    if not call.follow_up_needed:
        return _("không cần")
    return _("đã xử lý xong") if call.follow_up_done else _("cần xử lý")


def call_export_columns():
    return [
        ExportColumn(str(_("Thời điểm gọi")), lambda c: c.called_at),
        ExportColumn(str(_("Người gọi")), lambda c: c.caller_name),
        ExportColumn(str(_("Số điện thoại")), lambda c: c.caller_phone),
        ExportColumn(str(_("Doanh nghiệp")), lambda c: c.enterprise.name if c.enterprise_id else ""),
        ExportColumn(str(_("Nội dung hỏi")), lambda c: c.question),
        ExportColumn(str(_("Nội dung trả lời")), lambda c: c.answer),
        ExportColumn(str(_("Xử lý tiếp")), lambda c: str(follow_up_label(c))),
        ExportColumn(str(_("Người tiếp nhận")), lambda c: c.handled_by.display_name),
    ]
