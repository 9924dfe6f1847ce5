"""Travel declarations and daily health declarations from an Excel or CSV file, by CCCD.

Both run on core's import machinery: every bad cell is reported with its row and column, and
nothing is saved unless the whole file is right. Both import for one enterprise, chosen on the
upload page, so a worker is found by identity number within that enterprise only.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal, InvalidOperation

import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kcn.core.choices import Action
from kcn.core.importers import Chunk, Column, ErrorList, Importer, ImportRefused, header_key
from kcn.core.permissions import role_allows
from kcn.workers.models import Worker

from . import constants
from .choices import TravelDirection, TravelMeans
from .models import HealthDeclaration, OutbreakArea, TravelDeclaration
from .services import health_declare_many, travel_check

_CCCD = re.compile(r"\d{12}\Z")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\Z")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?\Z")
TRUE = {"x", "co", "1", "yes", "true", "v", "✓", "✔"}
FALSE = {"", "khong", "0", "no", "false", "-"}


def parse_date(text):
    """dd/mm/yyyy (what people type) or ISO (what an Excel date cell gives); None if neither."""
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = map(int, match.groups())
            return datetime.date(year, month, day)
        match = _ISO.match(text)
        if match:
            year, month, day = map(int, match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        return None
    return None


def _choice_lookup(choices):
    lookup = {}
    for value, label in choices:
        lookup[header_key(value)] = value
        lookup[header_key(label)] = value
    return lookup


class _EnterpriseImporter(Importer):
    """Shared: the enterprise, its workers by CCCD, the checks on identity numbers."""

    model_for_permission = None

    def __init__(self, *, user, enterprise):
        super().__init__(user=user)
        self.enterprise = enterprise
        self.today = timezone.localdate()

    def prepare(self):
        if not (role_allows(self.user, self.model_for_permission, Action.IMPORT)
                and role_allows(self.user, self.model_for_permission, Action.ADD)):
            raise ImportRefused(_("Bạn không có quyền nhập dữ liệu này."))
        workers = Worker.objects.restrict(self.user, Action.VIEW).filter(enterprise=self.enterprise)
        self.workers = dict(workers.values_list("identity_number", "pk"))
        if not self.workers:
            raise ImportRefused(_("Doanh nghiệp này chưa có danh sách người lao động (hoặc ngoài phạm vi của bạn). "
                                  "Hãy tải danh sách lao động lên trước."))

    def _worker(self, row, text, errors):
        if not text:
            errors.add(row=row, column="identity_number", value=text, message=_("Thiếu số CCCD."))
            return None
        digits = text.replace(" ", "").replace(".", "")
        if not _CCCD.match(digits):
            errors.add(row=row, column="identity_number", value=text,
                       message=_("Số CCCD phải gồm đúng 12 chữ số (để ô ở dạng Văn bản để giữ số 0 ở đầu)."))
            return None
        worker_id = self.workers.get(digits)
        if worker_id is None:
            errors.add(row=row, column="identity_number", value=text,
                       message=_("Không có người lao động mang số CCCD này trong danh sách của doanh nghiệp."))
        return worker_id

    def _date(self, row, column, text, errors, required=False):
        if not text:
            if required:
                errors.add(row=row, column=column, value=text, message=_("Thiếu ngày."))
            return None
        value = parse_date(text)
        if value is None:
            errors.add(row=row, column=column, value=text,
                       message=_("Ngày phải ghi dạng dd/mm/yyyy, ví dụ 05/11/2026."))
        return value


# --- Travel declarations


TRAVEL_COLUMNS = (
    Column("identity_number", gettext_lazy("Số CCCD"), required=True, aliases=("cccd", "so can cuoc", "cmnd")),
    Column("area", gettext_lazy("Vùng dịch"), required=True, aliases=("ma vung dich", "noi den", "area"),
           help=gettext_lazy("Mã vùng dịch (số ở cột “Mã” của trang Vùng dịch) hoặc tên đúng như trong danh sách, "
                             "ví dụ “Phường Hoàn Kiếm, Thành phố Hà Nội”.")),
    Column("direction", gettext_lazy("Hình thức"), aliases=("loai",),
           help=gettext_lazy("“Đi đến vùng dịch rồi trở về” (mặc định) hoặc “Đến từ vùng dịch”.")),
    Column("departure_date", gettext_lazy("Ngày đi"), help=gettext_lazy("dd/mm/yyyy, nếu biết.")),
    Column("return_date", gettext_lazy("Ngày về"), required=True,
           help=gettext_lazy("Bắt buộc, dd/mm/yyyy; không được ở tương lai.")),
    Column("means", gettext_lazy("Phương tiện"), help=gettext_lazy("Ô tô cá nhân, Xe máy, Xe khách, Tàu hỏa, "
                                                                  "Máy bay, Xe đưa đón của doanh nghiệp, Khác.")),
    Column("note", gettext_lazy("Ghi chú")),
)


class TravelImporter(_EnterpriseImporter):
    kind = "monitoring.travel"
    columns = TRAVEL_COLUMNS
    model = TravelDeclaration
    model_for_permission = TravelDeclaration
    fields = ("enterprise_id", "worker_id", "area_id", "direction", "departure_date", "return_date", "means", "note",
              "quarantine_days", "self_isolation_days", "quarantine_end", "isolation_end", "declared_by_id")

    def prepare(self):
        super().prepare()
        areas = OutbreakArea.objects.restrict(self.user, Action.VIEW).filter(board_id=self.enterprise.zone.board_id)
        self.areas = {}
        for area in areas.select_related("province", "commune"):
            self.areas[str(area.pk)] = area
            self.areas.setdefault(header_key(area.place_name), area)
        self.directions = _choice_lookup(TravelDirection.choices)
        self.means = _choice_lookup(TravelMeans.choices)
        self.existing = set(TravelDeclaration.objects.filter(enterprise=self.enterprise)
                            .values_list("worker_id", "area_id", "return_date"))
        self.seen = {}

    def validate(self, chunk: Chunk, errors: ErrorList):
        values = chunk.values
        for i, row in enumerate(chunk.rows):
            worker_id = self._worker(row, values["identity_number"][i], errors)
            area_text = values["area"][i]
            area = self.areas.get(area_text) or self.areas.get(header_key(area_text))
            if area is None:
                errors.add(row=row, column="area", value=area_text, message=_(
                    "Không có vùng dịch này trong danh sách của Ban quản lý. Ghi mã vùng dịch hoặc tên đúng như "
                    "trong danh sách."))
            direction_text = values["direction"][i]
            direction = self.directions.get(header_key(direction_text)) if direction_text else TravelDirection.WENT_TO
            if direction is None:
                errors.add(row=row, column="direction", value=direction_text,
                           message=_("Hình thức phải là “Đi đến vùng dịch rồi trở về” hoặc “Đến từ vùng dịch”."))
            means_text = values["means"][i]
            means = self.means.get(header_key(means_text)) if means_text else ""
            if means is None:
                errors.add(row=row, column="means", value=means_text,
                           message=_("Phương tiện không có trong danh sách."))
            departure = self._date(row, "departure_date", values["departure_date"][i], errors)
            returned = self._date(row, "return_date", values["return_date"][i], errors, required=True)
            note = values["note"][i]
            if len(note) > 255:
                errors.add(row=row, column="note", value=note, message=_("Ghi chú dài quá 255 ký tự."))
            if returned is not None and area is not None:
                problems = travel_check(worker=None, area=area, departure_date=departure, return_date=returned,
                                        today=self.today)
                for field, message in problems.items():
                    errors.add(row=row, column=field, value=values[field][i], message=message)
            if worker_id is None or area is None or returned is None:
                continue
            key = (worker_id, area.pk, returned)
            if key in self.existing:
                errors.add(row=row, column="identity_number", value=values["identity_number"][i],
                           message=_("Người này đã được khai báo về từ vùng dịch này vào ngày này."))
                continue
            if key in self.seen:
                errors.add(row=row, column="identity_number", value=values["identity_number"][i],
                           message=_("Trùng với dòng %(row)s của tệp.") % {"row": self.seen[key]})
                continue
            self.seen[key] = row
            if errors:
                continue
            quarantine_end, isolation_end = TravelDeclaration.periods_for(
                returned, area.quarantine_days, area.self_isolation_days)
            self.records.append((self.enterprise.pk, worker_id, area.pk, direction, departure, returned, means or "",
                                 note, area.quarantine_days, area.self_isolation_days, quarantine_end,
                                 isolation_end, self.user.pk))

    def check_saved(self, ids):
        if TravelDeclaration.objects.restrict(self.user, Action.ADD).filter(pk__in=ids).count() != len(ids):
            raise PermissionDenied

    def success_message(self, count):
        return _("Đã thêm %(count)s người về từ vùng dịch.") % {"count": count}


# --- Daily health declarations


HEALTH_COLUMNS = (
    Column("identity_number", gettext_lazy("Số CCCD"), required=True, aliases=("cccd", "so can cuoc", "cmnd")),
    Column("date", gettext_lazy("Ngày"), aliases=("ngay khai bao",),
           help=gettext_lazy("dd/mm/yyyy; để trống là ngày chọn trên trang tải lên.")),
    Column("fever", gettext_lazy("Sốt"), help=gettext_lazy("x nếu có; để trống nếu không.")),
    Column("cough", gettext_lazy("Ho"), help=gettext_lazy("x nếu có; để trống nếu không.")),
    Column("shortness_of_breath", gettext_lazy("Khó thở"), help=gettext_lazy("x nếu có; để trống nếu không.")),
    Column("temperature", gettext_lazy("Nhiệt độ (°C)"), aliases=("nhiet do", "than nhiet"),
           help=gettext_lazy("Ví dụ 36,8; từ 37,5 tính là sốt.")),
    Column("other_symptoms", gettext_lazy("Triệu chứng khác")),
)


class HealthImporter(_EnterpriseImporter):
    kind = "monitoring.health"
    columns = HEALTH_COLUMNS
    model = HealthDeclaration
    model_for_permission = HealthDeclaration

    def __init__(self, *, user, enterprise, day):
        super().__init__(user=user, enterprise=enterprise)
        self.day = day
        self.seen = {}
        self.alerts = 0

    def _flag(self, row, column, text, errors):
        key = header_key(text)
        if text in ("✓", "✔") or key in TRUE:
            return True
        if key in FALSE:
            return False
        errors.add(row=row, column=column, value=text, message=_("Ghi x (hoặc Có) nếu có, để trống nếu không."))
        return False

    def validate(self, chunk: Chunk, errors: ErrorList):
        values = chunk.values
        for i, row in enumerate(chunk.rows):
            worker_id = self._worker(row, values["identity_number"][i], errors)
            day = self._date(row, "date", values["date"][i], errors) if values["date"][i] else self.day
            if day is not None and day > self.today:
                errors.add(row=row, column="date", value=values["date"][i] or day.strftime("%d/%m/%Y"),
                           message=_("Không khai báo y tế cho ngày trong tương lai."))
            entry = {name: self._flag(row, name, values[name][i], errors)
                     for name in ("fever", "cough", "shortness_of_breath")}
            text = values["temperature"][i].replace(",", ".")
            entry["temperature"] = None
            if text:
                try:
                    entry["temperature"] = Decimal(text).quantize(Decimal("0.1"))
                except InvalidOperation:
                    errors.add(row=row, column="temperature", value=values["temperature"][i],
                               message=_("Nhiệt độ phải là số, ví dụ 36,8."))
                else:
                    if not constants.TEMPERATURE_MIN <= entry["temperature"] <= constants.TEMPERATURE_MAX:
                        errors.add(row=row, column="temperature", value=values["temperature"][i],
                                   message=_("Nhiệt độ phải từ 34 đến 43 °C."))
            entry["other_symptoms"] = values["other_symptoms"][i][:255]
            if worker_id is None or day is None:
                continue
            key = (worker_id, day)
            if key in self.seen:
                errors.add(row=row, column="identity_number", value=values["identity_number"][i],
                           message=_("Người này đã có ở dòng %(row)s cho cùng ngày.") % {"row": self.seen[key]})
                continue
            self.seen[key] = row
            self.records.append((day, worker_id, entry))

    def save(self, *, reason):
        workers = {w.pk: w for w in Worker.objects.filter(pk__in={record[1] for record in self.records})}
        by_day = {}
        for day, worker_id, entry in self.records:
            by_day.setdefault(day, []).append({"worker": workers[worker_id], **entry})
        ids = []
        for day, entries in sorted(by_day.items()):
            try:
                result = health_declare_many(user=self.user, enterprise=self.enterprise, date=day, entries=entries)
            except ValidationError as error:
                # Only a concurrent declaration gets here (every row was checked): run_import reports
                # it as such and rolls the whole file back.
                raise IntegrityError(str(error)) from error
            ids += [d.pk for d in result["declarations"]]
            self.alerts += result["alerts"]
        return ids

    def success_message(self, count):
        return _("Đã ghi %(count)s khai báo y tế; %(alerts)s người có triệu chứng đã được báo.") % {
            "count": count, "alerts": self.alerts}


def template_xlsx(columns, sheet_name, example) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    header = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    text = workbook.add_format({"num_format": "@"})
    sheet = workbook.add_worksheet(sheet_name[:31])
    guide = workbook.add_worksheet(_("Hướng dẫn"))
    for col, column in enumerate(columns):
        sheet.write_string(0, col, str(column.header), header)
        sheet.set_column(col, col, max(14, min(36, len(str(column.header)) + 4)), text)
        sheet.write_string(1, col, example.get(column.name, ""))
        guide.write_string(col, 0, str(column.header))
        guide.write_string(col, 1, _("Bắt buộc") if column.required else "")
        guide.write_string(col, 2, str(column.help))
    guide.set_column(0, 0, 24)
    guide.set_column(2, 2, 90)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()
