"""List tables and .xlsx columns of the courses area (kcn.core.tables)."""

from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn
from kcn.core.tables import Column, Table, choice_labels, field_column, link_to_self

from ..models import Coaching, Course, Programme, Trainee


class ProgrammeTable(Table):
    columns = [
        field_column(Programme, "name", link=link_to_self),
        field_column(Programme, "sponsor"),
        field_column(Programme, "start_year"),
        field_column(Programme, "end_year"),
        Column("course_count", _("Số khóa"), value=lambda r: r.course_count, numeric=True),
    ]
    default_order = ("-start_year", "name")


class CourseTable(Table):
    _status = choice_labels(Course, "status")
    columns = [
        Column("name", _("Khóa"), value=str, order_by=("number", "name"), link=link_to_self),
        Column("programme", _("Chương trình"), value=lambda r: r.programme.name, order_by=("programme__name",)),
        field_column(Course, "start_date"),
        field_column(Course, "end_date"),
        Column("status", _("Trạng thái"), value=lambda r: CourseTable._status[r.status], order_by=("status",)),
        Column("enrolled", _("Học viên"), value=lambda r: r.enrolled, numeric=True),
        Column("session_count", _("Số đợt"), value=lambda r: r.session_count, numeric=True),
    ]
    default_order = ("-start_date",)


class TraineeTable(Table):
    _type = choice_labels(Trainee, "organisation_type")
    columns = [
        field_column(Trainee, "full_name", link=link_to_self),
        field_column(Trainee, "organisation"),
        Column("organisation_type", _("Loại đơn vị"), value=lambda r: TraineeTable._type.get(r.organisation_type),
               order_by=("organisation_type",)),
        Column("province", _("Tỉnh, thành phố"), value=lambda r: r.province.name if r.province_id else "",
               order_by=("province__name",)),
        Column("course_count", _("Số khóa đã học"), value=lambda r: r.course_count, numeric=True),
    ]
    default_order = ("full_name",)


class CoachingTable(Table):
    _status = choice_labels(Coaching, "status")
    columns = [
        field_column(Coaching, "enterprise_name", link=link_to_self),
        Column("course", _("Khóa"), value=lambda r: str(r.session.course), order_by=("session__course__start_date",)),
        Column("session", _("Sau đợt"), value=lambda r: r.session.number, order_by=("session__number",),
               numeric=True),
        field_column(Coaching, "start_date"),
        field_column(Coaching, "end_date"),
        Column("status", _("Trạng thái"), value=lambda r: CoachingTable._status[r.status], order_by=("status",)),
        Column("participant_count", _("Học viên"), value=lambda r: r.participant_count, numeric=True),
        field_column(Coaching, "report_due"),
    ]
    default_order = ("-start_date",)


def programme_export_columns():
    return [
        ExportColumn(str(_("Mã")), lambda r: r.code),
        ExportColumn(str(_("Tên chương trình")), lambda r: r.name),
        ExportColumn(str(_("Cơ quan chủ trì")), lambda r: r.sponsor),
        ExportColumn(str(_("Từ năm")), lambda r: r.start_year),
        ExportColumn(str(_("Đến năm")), lambda r: r.end_year),
        ExportColumn(str(_("Số khóa")), lambda r: r.course_count),
        ExportColumn(str(_("Mục tiêu tỷ lệ Sở Công Thương (%)")), lambda r: r.target_department_share),
    ]


def course_export_columns():
    status = choice_labels(Course, "status")
    return [
        ExportColumn(str(_("Chương trình")), lambda r: r.programme.name),
        ExportColumn(str(_("Khóa số")), lambda r: r.number),
        ExportColumn(str(_("Tên khóa")), lambda r: r.name),
        ExportColumn(str(_("Ngày bắt đầu")), lambda r: r.start_date),
        ExportColumn(str(_("Ngày kết thúc")), lambda r: r.end_date),
        ExportColumn(str(_("Trạng thái")), lambda r: status[r.status]),
        ExportColumn(str(_("Số học viên")), lambda r: r.enrolled),
        ExportColumn(str(_("Số đợt")), lambda r: r.session_count),
    ]


def trainee_export_columns():
    org_type = choice_labels(Trainee, "organisation_type")
    sex = choice_labels(Trainee, "sex")
    return [
        ExportColumn(str(_("Họ và tên")), lambda r: r.full_name),
        ExportColumn(str(_("Giới tính")), lambda r: sex.get(r.sex, "")),
        ExportColumn(str(_("Năm sinh")), lambda r: r.birth_year),
        ExportColumn(str(_("Cơ quan, đơn vị")), lambda r: r.organisation),
        ExportColumn(str(_("Loại đơn vị")), lambda r: org_type.get(r.organisation_type, "")),
        ExportColumn(str(_("Chức vụ")), lambda r: r.position),
        ExportColumn(str(_("Tỉnh, thành phố")), lambda r: r.province.name if r.province_id else ""),
        ExportColumn(str(_("Thư điện tử")), lambda r: r.email),
        ExportColumn(str(_("Điện thoại")), lambda r: r.phone),
        ExportColumn(str(_("Số khóa đã học")), lambda r: r.course_count),
    ]


def coaching_export_columns():
    status = choice_labels(Coaching, "status")
    return [
        ExportColumn(str(_("Khóa")), lambda r: str(r.session.course)),
        ExportColumn(str(_("Sau đợt")), lambda r: r.session.number),
        ExportColumn(str(_("Doanh nghiệp trình diễn")), lambda r: r.enterprise_name),
        ExportColumn(str(_("Từ ngày")), lambda r: r.start_date),
        ExportColumn(str(_("Đến ngày")), lambda r: r.end_date),
        ExportColumn(str(_("Trạng thái")), lambda r: status[r.status]),
        ExportColumn(str(_("Số học viên")), lambda r: r.participant_count),
        ExportColumn(str(_("Hạn nộp báo cáo thu hoạch")), lambda r: r.report_due),
        ExportColumn(str(_("Ghi nhận")), lambda r: r.notes),
    ]
