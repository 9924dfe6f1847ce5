"""Forms of the level, assessment, plan and checklist pages. They validate input; services write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kcn.core.forms import KcnForm

from .choices import DueUnit, Level, PlanDecision, ZoneRule

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class LevelSetForm(KcnForm):
    """An officer's decision on a level (an enterprise's or a zone's)."""

    level = forms.TypedChoiceField(label=_("Cấp độ"), choices=Level.choices, coerce=int)
    effective_date = forms.DateField(label=_("Áp dụng từ ngày"), input_formats=DATE_INPUT_FORMATS,
                                     widget=forms.DateInput(format="%d/%m/%Y"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    expected_current = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_date"].initial = timezone.localdate()


class AssessmentForm(KcnForm):
    """One radio group per criterion of the criteria set."""

    def __init__(self, *args, criteria_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_set = criteria_set
        for criterion in criteria_set.criteria.prefetch_related("options"):
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.text, help_text=criterion.help_text, coerce=int, widget=forms.RadioSelect,
                choices=[(option.pk, option.text) for option in criterion.options.all()],
                error_messages={"required": _("Hãy chọn một câu trả lời.")},
            )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-check-input"

    def answers(self):
        return {int(name.split("_", 1)[1]): value for name, value in self.cleaned_data.items()
                if name.startswith("criterion_")}


class AssessmentReviewForm(KcnForm):
    accept = forms.TypedChoiceField(label=_("Quyết định"), coerce=lambda value: value == "1", choices=[
        ("1", _("Chấp nhận cấp độ đề xuất")), ("0", _("Không chấp nhận"))], widget=forms.RadioSelect)
    note = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=2000)


class PlanActionForm(KcnForm):
    level = forms.TypedChoiceField(label=_("Cấp độ"), choices=[("", "—"), *Level.choices], coerce=int,
                                   required=False)
    text = forms.CharField(label=_("Biện pháp"), max_length=500, required=False)
    owner = forms.CharField(label=_("Người, bộ phận thực hiện"), max_length=150, required=False)
    due_value = forms.IntegerField(label=_("Thời hạn"), min_value=0, max_value=365 * 24, required=False)
    due_unit = forms.ChoiceField(label=_("Đơn vị"), choices=DueUnit.choices, initial=DueUnit.HOURS)

    def is_blank(self):
        data = self.cleaned_data
        return not (data.get("text") or data.get("owner") or data.get("level"))


PlanActionFormSet = forms.formset_factory(PlanActionForm, extra=4, max_num=200, validate_max=True)


class PlanReviewForm(KcnForm):
    decision = forms.ChoiceField(label=_("Kết quả xem xét"), choices=PlanDecision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Nội dung cần bổ sung hoặc ý kiến"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ItemDoneForm(KcnForm):
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)


class CriteriaPublishForm(KcnForm):
    """A new version of the criteria, written as text: a criterion on its own line, each of its
    answers below it, indented (or starting with “-”), as “answer = score”."""

    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=255)
    basis = forms.CharField(label=_("Căn cứ"), max_length=255, required=False)
    criteria_text = forms.CharField(
        label=_("Tiêu chí và câu trả lời"), widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text=_("Mỗi tiêu chí một dòng; bên dưới là các câu trả lời, mỗi câu một dòng bắt đầu bằng dấu “-”, "
                    "dạng “- nội dung = điểm”. Có thể thêm hướng dẫn sau tiêu chí, cách bằng dấu “|”."),
    )
    score_2 = forms.IntegerField(label=_("Cấp 2 từ (điểm)"), min_value=1)
    score_3 = forms.IntegerField(label=_("Cấp 3 từ (điểm)"), min_value=1)
    score_4 = forms.IntegerField(label=_("Cấp 4 từ (điểm)"), min_value=1)
    cases_3 = forms.IntegerField(label=_("Đề xuất cấp 3 từ (số ca đang điều trị)"), min_value=1, required=False)
    cases_4 = forms.IntegerField(label=_("Đề xuất cấp 4 từ (số ca đang điều trị)"), min_value=1, required=False)
    zone_rule = forms.ChoiceField(label=_("Cách đề xuất cấp độ KCN"), choices=ZoneRule.choices)
    zone_share_percent = forms.IntegerField(label=_("Ngưỡng tỷ lệ doanh nghiệp (%)"), min_value=0, max_value=100,
                                            required=False, initial=0)

    @staticmethod
    def initial_from(criteria_set):
        if criteria_set is None:
            return {"zone_rule": ZoneRule.HIGHEST, "zone_share_percent": 0}
        lines = []
        for criterion in criteria_set.criteria.prefetch_related("options"):
            lines.append(criterion.text + (f" | {criterion.help_text}" if criterion.help_text else ""))
            lines.extend(f"- {option.text} = {option.score}" for option in criterion.options.all())
        scores = {t.level: t.min_score for t in criteria_set.score_thresholds.all()}
        cases = {t.level: t.min_cases for t in criteria_set.case_thresholds.all()}
        return {"name": criteria_set.name, "basis": criteria_set.basis, "criteria_text": "\n".join(lines),
                "score_2": scores.get(2), "score_3": scores.get(3), "score_4": scores.get(4),
                "cases_3": cases.get(3), "cases_4": cases.get(4), "zone_rule": criteria_set.zone_rule,
                "zone_share_percent": criteria_set.zone_share_percent}

    def clean_criteria_text(self):
        criteria, errors = [], []
        for number, raw in enumerate(self.cleaned_data["criteria_text"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("-") or raw[:1].isspace():
                text, _sep, score = line.lstrip("-").strip().rpartition("=")
                if not criteria:
                    errors.append(_("Dòng %(n)s: câu trả lời phải nằm dưới một tiêu chí.") % {"n": number})
                elif not text.strip() or not score.strip().isdigit():
                    errors.append(_("Dòng %(n)s: câu trả lời phải có dạng “- nội dung = điểm”, điểm là số "
                                    "nguyên không âm.") % {"n": number})
                else:
                    criteria[-1]["options"].append({"text": text.strip()[:500], "score": int(score)})
                continue
            text, _sep, help_text = line.partition("|")
            criteria.append({"text": text.strip()[:500], "help_text": help_text.strip()[:500], "options": [],
                             "line": number})
        for criterion in criteria:
            if len(criterion["options"]) < 2:
                errors.append(_("Dòng %(n)s: tiêu chí “%(text)s” cần ít nhất hai câu trả lời.") % {
                    "n": criterion.pop("line"), "text": criterion["text"]})
            else:
                criterion.pop("line")
        if not criteria:
            errors.append(_("Hãy ghi ít nhất một tiêu chí."))
        if errors:
            raise forms.ValidationError(errors)
        return criteria

    def publish_data(self):
        data = self.cleaned_data
        return {
            "name": data["name"], "basis": data.get("basis", ""), "criteria": data["criteria_text"],
            "score_thresholds": [{"min_score": 0, "level": 1}] + [
                {"min_score": data[f"score_{level}"], "level": level} for level in (2, 3, 4)],
            "case_thresholds": [{"min_cases": data[f"cases_{level}"], "level": level} for level in (3, 4)
                                if data.get(f"cases_{level}")],
            "zone_rule": data["zone_rule"], "zone_share_percent": data.get("zone_share_percent") or 0,
        }
