"""Outbreak levels, the criteria an enterprise assesses itself against, scenario plans per level
and the checklists a level change produces.

A level is never overwritten: each change is a row (level, from date, who, why), the current level
is the latest row. A criteria set is never edited once published: an administrator publishes a new
version and every assessment keeps the version it was answered under. A scenario plan is
versioned the same way once the monitoring department has reviewed it.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kcn.core.models import KcnModel
from kcn.registry.models import Enterprise, Zone

from . import scope
from .choices import AssessmentStatus, DueUnit, Level, LevelSource, PlanStatus, ZoneRule

# --- Criteria (versioned data)


class CriteriaSet(KcnModel):
    """One published version of the workplace risk criteria (Decision 2194/QĐ-BCĐQG style), with
    the thresholds that turn a score, or a number of active cases, into a proposed level."""

    version = models.PositiveIntegerField(_("phiên bản"), unique=True)
    name = models.CharField(_("tên"), max_length=255)
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    published_at = models.DateTimeField(_("ban hành lúc"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ban hành"),
                                     on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    zone_rule = models.CharField(_("cách đề xuất cấp độ KCN"), max_length=16, choices=ZoneRule.choices,
                                 default=ZoneRule.HIGHEST)
    zone_share_percent = models.PositiveSmallIntegerField(
        _("ngưỡng tỷ lệ doanh nghiệp (%)"), default=0, validators=[MaxValueValidator(100)],
        help_text=_("Chỉ dùng với cách “tỷ lệ”: KCN ở cấp N khi ít nhất chừng này phần trăm doanh nghiệp "
                    "của KCN ở cấp N trở lên."),
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("bộ tiêu chí đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "bộ tiêu chí đánh giá")

    def __str__(self):
        return _("%(name)s (phiên bản %(version)s)") % {"name": self.name, "version": self.version}

    def get_absolute_url(self):
        return reverse("prevention:criteria_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        # The criteria are the same for everyone; the role table keeps writes to administrators.
        return None

    @classmethod
    def current(cls):
        return cls.objects.order_by("-version").first()

    @property
    def max_score(self):
        return sum(max((o.score for o in c.options.all()), default=0) for c in self.criteria.all())

    def level_for_score(self, score):
        """The level of the highest threshold the score reaches (level 1 below every threshold)."""
        level = Level.NEW_NORMAL
        for threshold in self.score_thresholds.all():
            if score >= threshold.min_score and threshold.level > level:
                level = threshold.level
        return level

    def level_for_cases(self, cases):
        """The level proposed by a number of active cases, or None when no threshold is reached."""
        level = None
        for threshold in self.case_thresholds.all():
            if cases >= threshold.min_cases and (level is None or threshold.level > level):
                level = threshold.level
        return level


class Criterion(KcnModel):
    """One question of a criteria set (e.g. "Bếp ăn tập thể"), answered by one of its options."""

    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE,
                                     related_name="criteria")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("tiêu chí"), max_length=500)
    help_text = models.CharField(_("hướng dẫn"), max_length=500, blank=True)

    class Meta:
        ordering = ["criteria_set", "order", "pk"]
        verbose_name = _("tiêu chí")
        verbose_name_plural = pgettext_lazy("plural", "tiêu chí")

    def __str__(self):
        return self.text

    @classmethod
    def scope_q(cls, user, action):
        return None


class CriterionOption(KcnModel):
    """An answer to a criterion and the risk score it carries."""

    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE,
                                  related_name="options")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("phương án trả lời"), max_length=500)
    score = models.PositiveSmallIntegerField(_("điểm nguy cơ"), validators=[MaxValueValidator(1000)])

    class Meta:
        ordering = ["criterion", "order", "pk"]
        verbose_name = _("phương án trả lời")
        verbose_name_plural = pgettext_lazy("plural", "phương án trả lời")

    def __str__(self):
        return self.text

    @classmethod
    def scope_q(cls, user, action):
        return None


class ScoreThreshold(KcnModel):
    """A score from which the self-assessment proposes a level."""

    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE,
                                     related_name="score_thresholds")
    min_score = models.PositiveIntegerField(_("từ điểm"))
    level = models.PositiveSmallIntegerField(_("cấp độ đề xuất"), choices=Level.choices)

    class Meta:
        ordering = ["criteria_set", "min_score"]
        unique_together = [("criteria_set", "level")]
        verbose_name = _("ngưỡng điểm")
        verbose_name_plural = pgettext_lazy("plural", "ngưỡng điểm")

    def __str__(self):
        return f"≥ {self.min_score} → {self.get_level_display()}"

    @classmethod
    def scope_q(cls, user, action):
        return None


class CaseThreshold(KcnModel):
    """A number of active cases in an enterprise from which KCN proposes a level."""

    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE,
                                     related_name="case_thresholds")
    min_cases = models.PositiveIntegerField(_("từ số ca đang điều trị"), validators=[MinValueValidator(1)])
    level = models.PositiveSmallIntegerField(_("cấp độ đề xuất"), choices=Level.choices)

    class Meta:
        ordering = ["criteria_set", "min_cases"]
        unique_together = [("criteria_set", "level")]
        verbose_name = _("ngưỡng số ca bệnh")
        verbose_name_plural = pgettext_lazy("plural", "ngưỡng số ca bệnh")

    def __str__(self):
        return f"≥ {self.min_cases} → {self.get_level_display()}"

    @classmethod
    def scope_q(cls, user, action):
        return None


# --- Levels


class EnterpriseLevel(KcnModel):
    """One change of an enterprise's outbreak level; the latest row is the current level."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   related_name="outbreak_levels")
    level = models.PositiveSmallIntegerField(_("cấp độ"), choices=Level.choices)
    effective_date = models.DateField(_("áp dụng từ ngày"))
    source = models.CharField(_("căn cứ"), max_length=16, choices=LevelSource.choices, default=LevelSource.OFFICER)
    reason = models.TextField(_("lý do"), blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"),
                               on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey("SelfAssessment", verbose_name=_("phiếu tự đánh giá"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-effective_date", "-pk"]
        indexes = [models.Index(fields=["enterprise", "-effective_date", "-id"])]
        verbose_name = _("cấp độ dịch doanh nghiệp")
        verbose_name_plural = pgettext_lazy("plural", "cấp độ dịch doanh nghiệp")

    def __str__(self):
        return f"{self.enterprise} – {self.get_level_display()}"

    def get_absolute_url(self):
        return reverse("prevention:enterprise_level", args=[self.enterprise_id])

    @classmethod
    def scope_q(cls, user, action):
        return scope.level_q(user, action, "enterprise")


class ZoneLevel(KcnModel):
    """One change of a zone's outbreak level; the latest row is the current level."""

    zone = models.ForeignKey(Zone, verbose_name=_("khu công nghiệp"), on_delete=models.CASCADE,
                             related_name="outbreak_levels")
    level = models.PositiveSmallIntegerField(_("cấp độ"), choices=Level.choices)
    effective_date = models.DateField(_("áp dụng từ ngày"))
    source = models.CharField(_("căn cứ"), max_length=16, choices=LevelSource.choices, default=LevelSource.OFFICER)
    reason = models.TextField(_("lý do"), blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"),
                               on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-effective_date", "-pk"]
        indexes = [models.Index(fields=["zone", "-effective_date", "-id"])]
        verbose_name = _("cấp độ dịch KCN")
        verbose_name_plural = pgettext_lazy("plural", "cấp độ dịch KCN")

    def __str__(self):
        return f"{self.zone} – {self.get_level_display()}"

    def get_absolute_url(self):
        return reverse("prevention:zone_levels")

    @classmethod
    def scope_q(cls, user, action):
        return scope.level_q(user, action, "zone")


# --- Self-assessment


class SelfAssessment(KcnModel):
    """An enterprise's answers to one criteria set, its score and the level it proposes."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   related_name="self_assessments")
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT,
                                     related_name="assessments")
    score = models.PositiveIntegerField(_("tổng điểm nguy cơ"))
    proposed_level = models.PositiveSmallIntegerField(_("cấp độ đề xuất"), choices=Level.choices)
    status = models.CharField(_("trạng thái"), max_length=16, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"),
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xem xét"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    review_note = models.TextField(_("ý kiến của phòng"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("phiếu tự đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "phiếu tự đánh giá")

    def __str__(self):
        date = timezone.localtime(self.submitted_at).strftime("%d/%m/%Y")
        return _("Tự đánh giá của %(enterprise)s ngày %(date)s") % {"enterprise": self.enterprise, "date": date}

    def get_absolute_url(self):
        return reverse("prevention:assessment_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.enterprise_record_q(user, action)


class AssessmentAnswer(KcnModel):
    """The option chosen for one criterion, with its score as it was then."""

    assessment = models.ForeignKey(SelfAssessment, verbose_name=_("phiếu tự đánh giá"), on_delete=models.CASCADE,
                                   related_name="answers")
    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(CriterionOption, verbose_name=_("phương án trả lời"), on_delete=models.PROTECT,
                               related_name="+")
    score = models.PositiveSmallIntegerField(_("điểm"))

    class Meta:
        ordering = ["assessment", "criterion__order", "criterion_id"]
        unique_together = [("assessment", "criterion")]
        verbose_name = _("câu trả lời")
        verbose_name_plural = pgettext_lazy("plural", "câu trả lời")

    def __str__(self):
        return f"{self.criterion}: {self.option}"

    @classmethod
    def scope_q(cls, user, action):
        return scope.enterprise_record_q(user, action, "assessment__enterprise")


# --- Scenario plans


class ScenarioPlan(KcnModel):
    """One version of an enterprise's scenario plan (phương án, kịch bản theo cấp độ dịch)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   related_name="scenario_plans")
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    status = models.CharField(_("trạng thái"), max_length=16, choices=PlanStatus.choices,
                              default=PlanStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"),
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xem xét"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến của phòng"), blank=True)

    class Meta:
        ordering = ["enterprise", "-version"]
        unique_together = [("enterprise", "version")]
        verbose_name = _("phương án theo cấp độ")
        verbose_name_plural = pgettext_lazy("plural", "phương án theo cấp độ")

    def __str__(self):
        return _("Phương án của %(enterprise)s (phiên bản %(version)s)") % {
            "enterprise": self.enterprise, "version": self.version}

    def get_absolute_url(self):
        return reverse("prevention:plan_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.enterprise_record_q(user, action)

    @property
    def is_reviewed(self):
        return self.status in (PlanStatus.SEEN, PlanStatus.NEEDS_MORE)

    def actions_by_level(self):
        grouped = {level: [] for level in Level.values}
        for action in self.actions.all():
            grouped[action.level].append(action)
        return [(level, Level(level).label, grouped[level]) for level in Level.values]


class PlanAction(KcnModel):
    """What the enterprise will do when it reaches a level, who does it and how soon."""

    plan = models.ForeignKey(ScenarioPlan, verbose_name=_("phương án"), on_delete=models.CASCADE,
                             related_name="actions")
    level = models.PositiveSmallIntegerField(_("cấp độ"), choices=Level.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("biện pháp"), max_length=500)
    owner = models.CharField(_("người, bộ phận thực hiện"), max_length=150)
    due_value = models.PositiveIntegerField(_("thời hạn"), validators=[MaxValueValidator(365 * 24)])
    due_unit = models.CharField(_("đơn vị thời hạn"), max_length=8, choices=DueUnit.choices, default=DueUnit.HOURS)

    class Meta:
        ordering = ["plan", "level", "order", "pk"]
        verbose_name = _("biện pháp theo cấp độ")
        verbose_name_plural = pgettext_lazy("plural", "biện pháp theo cấp độ")

    def __str__(self):
        return self.text

    @classmethod
    def scope_q(cls, user, action):
        return scope.enterprise_record_q(user, action, "plan__enterprise")

    @property
    def offset(self):
        if self.due_unit == DueUnit.DAYS:
            return datetime.timedelta(days=self.due_value)
        return datetime.timedelta(hours=self.due_value)


# --- Checklists


class Checklist(KcnModel):
    """The actions an enterprise owes after one level change, tracked to completion."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   related_name="level_checklists")
    level_change = models.OneToOneField(EnterpriseLevel, verbose_name=_("thay đổi cấp độ"),
                                        on_delete=models.CASCADE, related_name="checklist")
    plan = models.ForeignKey(ScenarioPlan, verbose_name=_("theo phương án"), on_delete=models.SET_NULL,
                             null=True, blank=True, related_name="+")
    level = models.PositiveSmallIntegerField(_("cấp độ"), choices=Level.choices)
    effective_at = models.DateTimeField(_("cấp độ có hiệu lực lúc"))
    superseded_at = models.DateTimeField(
        _("hết hiệu lực lúc"), null=True, blank=True,
        help_text=_("Khi cấp độ đổi tiếp, danh mục cũ không còn được nhắc quá hạn."),
    )

    class Meta:
        ordering = ["-effective_at", "-pk"]
        verbose_name = _("danh mục việc theo cấp độ")
        verbose_name_plural = pgettext_lazy("plural", "danh mục việc theo cấp độ")

    def __str__(self):
        return _("%(enterprise)s – việc cần làm ở %(level)s") % {
            "enterprise": self.enterprise, "level": self.get_level_display()}

    def get_absolute_url(self):
        return reverse("prevention:checklist_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.enterprise_record_q(user, action)


class ChecklistItem(KcnModel):
    """One action of a checklist: owner, due time and when and by whom it was done."""

    checklist = models.ForeignKey(Checklist, verbose_name=_("danh mục"), on_delete=models.CASCADE,
                                  related_name="items")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("việc cần làm"), max_length=500)
    owner = models.CharField(_("người, bộ phận thực hiện"), max_length=150, blank=True)
    due_at = models.DateTimeField(_("hạn hoàn thành"))
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"),
                                on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    is_plan_missing = models.BooleanField(_("thiếu phương án"), default=False)

    class Meta:
        ordering = ["checklist", "order", "pk"]
        indexes = [models.Index(fields=["done_at", "due_at"])]
        verbose_name = _("việc cần làm")
        verbose_name_plural = pgettext_lazy("plural", "việc cần làm")

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("prevention:checklist_detail", args=[self.checklist_id])

    @classmethod
    def scope_q(cls, user, action):
        return scope.enterprise_record_q(user, action, "checklist__enterprise")

    @property
    def is_done(self):
        return self.done_at is not None

    @property
    def is_overdue(self):
        return self.done_at is None and self.due_at < timezone.now()
