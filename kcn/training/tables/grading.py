"""List table of field reports and the spreadsheets of grading."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn
from kcn.core.tables import Column, Table, field_column, link_to_self

from ..models import FieldReport


class FieldReportTable(Table):
    columns = [
        Column("title", _("Tiêu đề"), link=link_to_self, order_by=("title",)),
        Column("trainee", _("Học viên"), value=lambda r: r.enrolment.trainee.full_name,
               order_by=("enrolment__trainee__full_name",)),
        Column("course", _("Khóa"), value=lambda r: r.enrolment.course, order_by=("enrolment__course__start_date",)),
        Column("coaching", _("Đợt hướng dẫn"), value=lambda r: r.coaching.enterprise_name,
               order_by=("coaching__start_date",)),
        field_column(FieldReport, "submitted_at"),
        Column("graded", _("Đã chấm"), value=lambda r: r.is_graded),
    ]
    default_order = ("-submitted_at",)


def report_export_columns():
    return [
        ExportColumn(gettext("Tiêu đề"), lambda r: r.title),
        ExportColumn(gettext("Học viên"), lambda r: r.enrolment.trainee.full_name),
        ExportColumn(gettext("Cơ quan, đơn vị"), lambda r: r.enrolment.organisation),
        ExportColumn(gettext("Khóa"), lambda r: str(r.enrolment.course)),
        ExportColumn(gettext("Doanh nghiệp hướng dẫn"), lambda r: r.coaching.enterprise_name),
        ExportColumn(gettext("Ngày hướng dẫn"), lambda r: r.coaching.start_date),
        ExportColumn(gettext("Tên tệp"), lambda r: r.original_name),
        ExportColumn(gettext("Nộp lúc"), lambda r: r.submitted_at),
        ExportColumn(gettext("Đã chấm"), lambda r: r.is_graded),
    ]


def results_export_columns(table):
    """One row per trainee: each criterion's score, the result, the band."""

    def criterion_column(index, criterion):
        return ExportColumn(f"{criterion.name} ({criterion.weight.normalize():f})",
                            lambda row: rounded(row.scores[index][1]))

    return [
        ExportColumn(gettext("Họ và tên"), lambda row: row.enrolment.trainee.full_name),
        ExportColumn(gettext("Cơ quan, đơn vị"), lambda row: row.enrolment.organisation),
        *(criterion_column(index, criterion) for index, criterion in enumerate(table.criteria)),
        ExportColumn(gettext("Báo cáo chưa nộp"), lambda row: row.outcome.missing_reports),
        ExportColumn(gettext("Điểm tổng hợp (thang 10)"), lambda row: row.enrolment.result_score),
        ExportColumn(gettext("Xếp loại"), lambda row: row.enrolment.band.name if row.enrolment.band else
                     gettext("Chưa đủ điểm") if not row.outcome.complete else ""),
        ExportColumn(gettext("Đạt yêu cầu"), lambda row: row.enrolment.passed),
    ]


def rounded(value):
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if value is not None else None
