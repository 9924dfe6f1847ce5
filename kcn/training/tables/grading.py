"""List table of field reports and the spreadsheets of grading."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
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


def results_rows_html(table, *, can_classify):
    """The body of the results table, built in one pass.

    A course of 600 trainees has some 5,000 cells; through the template language they took more
    time than reading and computing the results. Same markup as the template would give.
    """
    missing = escape(gettext("chưa đủ điểm"))
    stale = escape(gettext("cần xếp loại lại"))
    dash = '<td class="text-end"><span class="text-muted">—</span></td>'
    parts = []
    for row in table.rows:
        enrolment = row.enrolment
        cells = "".join(dash if text is None else f'<td class="text-end">{text}</td>' for text in row.score_texts)
        if row.result_text is not None:
            result = row.result_text
        elif not row.outcome.complete:
            result = f'<span class="text-muted">{missing}</span>'
        else:
            result = ""
        band = ""
        if enrolment.band_id:
            colour = "text-bg-success" if enrolment.passed else "text-bg-danger"
            band = f'<span class="badge {colour}">{escape(enrolment.band.name)}</span>'
        if can_classify and row.outcome.complete and row.stale:
            band += f' <span class="small text-warning">{stale}</span>'
        parts.append(
            f'<tr data-enrolment="{enrolment.pk}"><td>{escape(enrolment.trainee.full_name)}'
            f'<div class="small text-muted">{escape(enrolment.organisation)}</div></td>{cells}'
            f'<td class="text-end result">{result}</td><td class="band">{band}</td></tr>')
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped or a number
