"""Periodic reporting: templates and their versions, schedules, periods, submissions, revisions.

A template's published version never changes: editing means a new version, and every
submission keeps the version it was filled under. A submitted report is corrected only by a new
revision with a reason; every revision stays.
"""

import keyword

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kcn.core.models import KcnModel
from kcn.registry.choices import Sector
from kcn.registry.models import Board, Department, Enterprise, Zone

from . import scope
from .choices import NUMERIC_TYPES, FieldType, Frequency, PeriodConvention, SubmissionStatus, TargetKind

validate_code = RegexValidator(
    r"^[a-z][a-z0-9_]*\Z",
    _("Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng một chữ (ví dụ workers_at_work)."),
)


def _published_guard(version, errors):
    if version is not None and version.pk and version.is_published:
        errors["version"] = _("Phiên bản này đã được ban hành nên không sửa được; hãy tạo phiên bản mới.")


class ReportTemplate(KcnModel):
    """A kind of report (the daily epidemic report of plan 16, a quarterly cleaner-production report...)."""

    code = models.CharField(_("mã"), max_length=64, unique=True, validators=[validate_code])
    name = models.CharField(_("tên"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    is_builtin = models.BooleanField(_("có sẵn trong KCN"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "mẫu báo cáo")

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, user, action):
        # Every board member and enterprise may read the templates; the role table limits writes.
        return None

    def current_version(self):
        """The latest published version, the one new submissions are filled under."""
        return self.versions.filter(is_published=True).order_by("-number").first()


class TemplateVersion(KcnModel):
    """One version of a template's fields and rules; frozen once published."""

    template = models.ForeignKey(ReportTemplate, verbose_name=_("mẫu báo cáo"), on_delete=models.CASCADE,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("số phiên bản"))
    is_published = models.BooleanField(_("đã ban hành"), default=False)
    published_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="reporting_version_unique")]
        verbose_name = _("phiên bản mẫu báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "phiên bản mẫu báo cáo")

    def __str__(self):
        return _("%(template)s – phiên bản %(number)s") % {"template": self.template, "number": self.number}

    @classmethod
    def scope_q(cls, user, action):
        return None


class Field(KcnModel):
    """A typed field of a template version: its code is the key of the submitted values."""

    version = models.ForeignKey(TemplateVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE,
                                related_name="fields")
    code = models.CharField(_("mã trường"), max_length=64, validators=[validate_code])
    label = models.CharField(_("nhãn"), max_length=255)
    type = models.CharField(_("kiểu"), max_length=16, choices=FieldType.choices)
    unit = models.CharField(_("đơn vị"), max_length=32, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=False)
    min_value = models.DecimalField(_("giá trị nhỏ nhất"), max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("giá trị lớn nhất"), max_digits=20, decimal_places=4, null=True, blank=True)
    choices = models.JSONField(
        _("các lựa chọn"), default=list, blank=True,
        help_text=_("Với kiểu lựa chọn: danh sách giá trị, hoặc các cặp [giá trị, nhãn]."),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    help_text = models.CharField(_("hướng dẫn"), max_length=500, blank=True)

    class Meta:
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="reporting_field_code_unique")]
        verbose_name = _("trường báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "trường báo cáo")

    def __str__(self):
        return self.label

    def clean(self):
        errors = {}
        _published_guard(self.version if self.version_id else None, errors)
        if keyword.iskeyword(self.code) or self.code in ("and", "or", "not", "true", "false", "none"):
            errors["code"] = _("“%(code)s” là từ khóa, không dùng làm mã trường được.") % {"code": self.code}
        if self.type not in NUMERIC_TYPES and (self.min_value is not None or self.max_value is not None):
            errors["min_value"] = _("Chỉ trường số mới có giá trị nhỏ nhất và lớn nhất.")
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("Giá trị lớn nhất phải lớn hơn hoặc bằng giá trị nhỏ nhất.")
        if self.type == FieldType.CHOICE:
            try:
                pairs = self.choice_pairs()
            except (TypeError, ValueError):
                pairs = None
            if not pairs:
                errors["choices"] = _("Trường lựa chọn cần danh sách các lựa chọn (giá trị hoặc cặp [giá trị, nhãn]).")
        elif self.choices:
            errors["choices"] = _("Chỉ trường kiểu lựa chọn mới có danh sách lựa chọn.")
        if errors:
            raise ValidationError(errors)

    def choice_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for item in self.choices or []:
            if isinstance(item, str):
                pairs.append((item, item))
            elif isinstance(item, (list, tuple)) and len(item) == 2:
                pairs.append((str(item[0]), str(item[1])))
            else:
                raise ValueError(item)
        return pairs

    @classmethod
    def scope_q(cls, user, action):
        return None


class CrossFieldRule(KcnModel):
    """A condition over several fields of a version, e.g. ``returnees <= workforce``.

    The expression is checked by ``expressions.compile_rule`` when the rule is saved: only field
    codes, numbers, arithmetic, comparisons and and/or/not are accepted.
    """

    version = models.ForeignKey(TemplateVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE,
                                related_name="rules")
    expression = models.CharField(_("biểu thức"), max_length=500)
    message = models.CharField(_("thông báo khi vi phạm"), max_length=255, blank=True)

    class Meta:
        ordering = ["version", "id"]
        verbose_name = _("quy tắc liên trường")
        verbose_name_plural = pgettext_lazy("plural", "quy tắc liên trường")

    def __str__(self):
        return self.expression

    def clean(self):
        from .expressions import compile_rule

        errors = {}
        if self.version_id:
            _published_guard(self.version, errors)
            try:
                compile_rule(self.expression, self.version.fields.values_list("code", flat=True))
            except ValidationError as error:
                errors["expression"] = error.messages
        if errors:
            raise ValidationError(errors)

    @classmethod
    def scope_q(cls, user, action):
        return None


class Schedule(KcnModel):
    """Who reports which template, how often and by when, for one board."""

    template = models.ForeignKey(ReportTemplate, verbose_name=_("mẫu báo cáo"), on_delete=models.PROTECT,
                                 related_name="schedules")
    board = models.ForeignKey(Board, verbose_name=_("ban quản lý"), on_delete=models.CASCADE,
                              related_name="report_schedules")
    name = models.CharField(_("tên"), max_length=255)
    target = models.CharField(_("đối tượng báo cáo"), max_length=16, choices=TargetKind.choices,
                              default=TargetKind.ZONES)
    zones = models.ManyToManyField(Zone, verbose_name=_("khu công nghiệp"), blank=True, related_name="+")
    sector = models.CharField(_("ngành (VSIC)"), max_length=4, choices=Sector.choices, blank=True)
    enterprises = models.ManyToManyField(Enterprise, verbose_name=_("doanh nghiệp"), blank=True, related_name="+")
    frequency = models.CharField(_("tần suất"), max_length=16, choices=Frequency.choices)
    convention = models.CharField(_("cách tính kỳ"), max_length=16, choices=PeriodConvention.choices,
                                  default=PeriodConvention.CALENDAR)
    due_time = models.TimeField(_("hạn nộp (giờ)"), null=True, blank=True,
                                help_text=_("Giờ hạn nộp trong ngày hạn; để trống là hết ngày."))
    due_day_offset = models.PositiveSmallIntegerField(
        _("hạn nộp sau ngày cuối kỳ (ngày)"), default=0,
        help_text=_("0: hạn nộp là ngày cuối kỳ; 5: năm ngày sau ngày cuối kỳ."),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        ordering = ["board", "name"]
        verbose_name = _("lịch báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "lịch báo cáo")

    def __str__(self):
        return self.name

    def clean(self):
        if self.target == TargetKind.SECTOR and not self.sector:
            raise ValidationError({"sector": _("Hãy chọn ngành của các doanh nghiệp phải báo cáo.")})

    @classmethod
    def scope_q(cls, user, action):
        return scope.board_path_q(user, action, "board")

    def target_enterprises(self):
        """The enterprises that must report under this schedule (all of them, unscoped)."""
        enterprises = Enterprise.objects.filter(zone__board_id=self.board_id)
        if self.target == TargetKind.ZONES:
            return enterprises.filter(zone__in=self.zones.all())
        if self.target == TargetKind.SECTOR:
            return enterprises.filter(sector=self.sector)
        return enterprises.filter(pk__in=self.enterprises.all())


class Period(KcnModel):
    """One reporting period of a schedule, with its deadline; locked once approved."""

    schedule = models.ForeignKey(Schedule, verbose_name=_("lịch báo cáo"), on_delete=models.CASCADE,
                                 related_name="periods")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    due_at = models.DateTimeField(_("hạn nộp"))
    label = models.CharField(_("kỳ báo cáo"), max_length=64)
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người khóa"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["schedule", "-start"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "start"], name="reporting_period_unique"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="reporting_period_order"),
        ]
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "kỳ báo cáo")

    def __str__(self):
        return f"{self.schedule} – {self.label}"

    @property
    def is_locked(self):
        return self.locked_at is not None

    @classmethod
    def scope_q(cls, user, action):
        return scope.board_path_q(user, action, "schedule__board")


class Submission(KcnModel):
    """An enterprise's report for a period: a draft, then submitted; corrected only by revisions."""

    # No index of its own: the (period, enterprise) unique index serves every lookup by period,
    # and each index is one more write per report at a deadline.
    period = models.ForeignKey(Period, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT,
                               related_name="submissions", db_index=False)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.PROTECT,
                                   related_name="report_submissions")
    version = models.ForeignKey(TemplateVersion, verbose_name=_("phiên bản mẫu"), on_delete=models.PROTECT,
                                related_name="submissions")
    status = models.CharField(_("trạng thái"), max_length=16, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.DRAFT)
    values = models.JSONField(_("số liệu"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    idempotency_key = models.CharField(
        _("khóa chống gửi trùng"), max_length=100, null=True, blank=True,
        help_text=_("Gửi lại cùng khóa và cùng số liệu thì không tạo thêm báo cáo nào."),
    )
    revision = models.PositiveIntegerField(_("lần điều chỉnh hiện tại"), default=0)

    class Meta:
        ordering = ["period", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["period", "enterprise"], name="reporting_submission_unique"),
            # A constraint rather than unique=True: on PostgreSQL the field would also get a
            # second, LIKE-pattern index that no query uses and every report would write.
            models.UniqueConstraint(fields=["idempotency_key"], name="reporting_submission_key_unique"),
        ]
        verbose_name = _("báo cáo của doanh nghiệp")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo của doanh nghiệp")

    def __str__(self):
        return f"{self.enterprise} – {self.period.label}"

    @property
    def is_submitted(self):
        return self.status == SubmissionStatus.SUBMITTED

    @classmethod
    def scope_q(cls, user, action):
        return scope.enterprise_path_q(user, action, "enterprise__")


class Revision(KcnModel):
    """One submitted state of a report: number 1 is the first submission, later ones corrections."""

    # The (submission, number) unique index serves the lookups by submission.
    submission = models.ForeignKey(Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE,
                                   related_name="revisions", db_index=False)
    number = models.PositiveIntegerField(_("lần"))
    values = models.JSONField(_("số liệu"), default=dict)
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["submission", "number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="reporting_revision_unique")]
        verbose_name = _("lần nộp, điều chỉnh")
        verbose_name_plural = pgettext_lazy("plural", "lần nộp, điều chỉnh")

    def __str__(self):
        return _("%(submission)s – lần %(number)s") % {"submission": self.submission, "number": self.number}

    def save(self, *args, **kwargs):
        # A revision is written once and never changed (a correction is a new revision): its own
        # row already records who submitted which figures when, so no audit-history row copies
        # it (one write less per submission at a deadline).
        self.skip_history_when_saving = True
        super().save(*args, **kwargs)

    @classmethod
    def scope_q(cls, user, action):
        return scope.enterprise_path_q(user, action, "submission__enterprise__")


# --- Consolidation: pre-aggregated totals, filled incrementally (see consolidation.py) ----------

#: The pseudo field code of the row that counts a key's submitted reports, whatever their fields.
#: Field codes start with a letter, so it never clashes with one.
SUBMISSIONS_ROW = ""


class Total(models.Model):
    """The sum of one field's values over the submitted reports of a period at one level.

    ``field_code`` is version-independent: a field keeps its code across template versions, so
    totals add up reports filled under different versions. ``submissions`` counts the reports
    whose version has the field (the row with code ``SUBMISSIONS_ROW`` counts every report).
    Not a KcnModel: counters change at every submission, and the audit trail of the figures is
    the submissions' revisions.
    """

    period = models.ForeignKey(Period, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE, related_name="+")
    field_code = models.CharField(_("mã trường"), max_length=64, blank=True)
    value = models.DecimalField(_("tổng"), max_digits=26, decimal_places=6, default=0)
    submissions = models.PositiveIntegerField(_("số báo cáo"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.field_code or '#'} = {self.value}"


class ZoneTotal(Total):
    """Totals of a zone. ``department`` is the department that monitored the zone on the first
    day of the period, so reassigning the zone later never rewrites the period's history."""

    zone = models.ForeignKey(Zone, verbose_name=_("khu công nghiệp"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("phòng theo dõi"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "zone", "field_code"], name="reporting_zonetotal_key")]
        verbose_name = _("tổng hợp theo KCN")
        verbose_name_plural = pgettext_lazy("plural", "tổng hợp theo KCN")


class DepartmentTotal(Total):
    """Totals of the zones a department monitored on the first day of the period."""

    department = models.ForeignKey(Department, verbose_name=_("phòng theo dõi"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "department", "field_code"],
                                               name="reporting_departmenttotal_key")]
        verbose_name = _("tổng hợp theo phòng")
        verbose_name_plural = pgettext_lazy("plural", "tổng hợp theo phòng")


class BoardTotal(Total):
    """Totals of a board (also what the province reads: one board per province)."""

    board = models.ForeignKey(Board, verbose_name=_("ban quản lý"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "board", "field_code"],
                                               name="reporting_boardtotal_key")]
        verbose_name = _("tổng hợp toàn Ban")
        verbose_name_plural = pgettext_lazy("plural", "tổng hợp toàn Ban")


# --- Approval: department → board → leader, per period (see approvals.py and services.py) -------


class ApprovalLevel(models.TextChoices):
    DEPARTMENT = "department", _("phòng")
    BOARD = "board", _("toàn Ban")
    LEADER = "leader", _("lãnh đạo Ban ký duyệt")


class ApprovalStatus(models.TextChoices):
    APPROVED = "approved", _("đã duyệt")
    RETURNED = "returned", _("trả lại")


class Approval(KcnModel):
    """One decision in a period's approval chain: a department approves its zones' consolidated
    report, the consolidating department the board total, a board leader signs off.

    Rows are never changed: approving again or returning (mở lại) adds a row, so the rows are
    the history and the current state of a (period, level, department) is its latest row.
    ``department`` is set for the department level only.
    """

    period = models.ForeignKey(Period, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE,
                               related_name="approvals")
    level = models.CharField(_("cấp duyệt"), max_length=16, choices=ApprovalLevel.choices)
    department = models.ForeignKey(Department, verbose_name=_("phòng"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    status = models.CharField(_("kết quả"), max_length=16, choices=ApprovalStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(_("lúc"))
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        ordering = ["period", "at", "pk"]
        indexes = [models.Index(fields=["period", "level", "department", "at"], name="reporting_approval_key")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level="department", department__isnull=False)
                           | (~Q(level="department") & Q(department__isnull=True))),
                name="reporting_approval_department_level",
            ),
        ]
        verbose_name = _("duyệt báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "duyệt báo cáo")

    def __str__(self):
        return f"{self.period} – {self.get_level_display()} – {self.get_status_display()}"

    @property
    def is_approved(self):
        return self.status == ApprovalStatus.APPROVED

    @classmethod
    def scope_q(cls, user, action):
        return scope.board_path_q(user, action, "period__schedule__board")


# --- Reminders and missing lists: what went out, so nothing goes out twice (see reminders.py) ----


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("nhắc hạn nộp")
    MISSING_LIST = "missing_list", _("danh sách chưa nộp")


class ReminderLog(models.Model):
    """One reminder (to an enterprise's account, about that enterprise) or one missing list (to a
    department's staff member, about that department's zones) sent for a period.

    The row is written in the same transaction as the notification it records, and the unique
    constraints make a second run (or an overlapping one) skip what already went out. Not a
    KcnModel: rows are written once by the system and never edited.
    """

    period = models.ForeignKey(Period, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại"), max_length=16, choices=ReminderKind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE,
                                  related_name="+")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   null=True, blank=True, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("phòng theo dõi"), on_delete=models.CASCADE,
                                   null=True, blank=True, related_name="+")
    sent_at = models.DateTimeField(_("gửi lúc"))

    class Meta:
        ordering = ["period", "sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "kind", "recipient", "enterprise"],
                                    condition=Q(kind="reminder"), name="reporting_reminder_once"),
            models.UniqueConstraint(fields=["period", "kind", "recipient", "department"],
                                    condition=Q(kind="missing_list"), name="reporting_missing_list_once"),
            models.CheckConstraint(
                condition=(Q(kind="reminder", enterprise__isnull=False, department__isnull=True)
                           | Q(kind="missing_list", enterprise__isnull=True, department__isnull=False)),
                name="reporting_reminderlog_subject",
            ),
        ]
        verbose_name = _("lượt nhắc báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "lượt nhắc báo cáo")

    def __str__(self):
        return f"{self.period} – {self.get_kind_display()} – {self.recipient}"
