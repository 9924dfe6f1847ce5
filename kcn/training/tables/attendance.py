"""The attendance grid as a spreadsheet: one row per trainee, one column per day, then the totals."""

from django.utils.translation import gettext as _

from kcn.core.exporters import ExportColumn
from kcn.core.tables import choice_labels

from ..models import Attendance


def attendance_export_columns(days):
    status = choice_labels(Attendance, "status")

    def day_column(index, day):
        return ExportColumn(f"{day.date:%d/%m/%Y}" + (f" ({_('nửa ngày')})" if day.half_day else ""),
                            lambda row: status[row.cells[index].status] if row.cells[index] else "")

    return [
        ExportColumn(_("Họ và tên"), lambda row: row.enrolment.trainee.full_name),
        ExportColumn(_("Cơ quan, đơn vị"), lambda row: row.enrolment.organisation),
        *(day_column(index, day) for index, day in enumerate(days)),
        ExportColumn(_("Số ngày có mặt"), lambda row: row.attended),
        ExportColumn(_("Số ngày của đợt"), lambda row: row.total),
    ]
