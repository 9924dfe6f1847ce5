"""Forms of the grading pages: a field report, the rubric's formsets, the grading grids."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kcn.core.forms import KcnForm

from ..choices import CriterionTarget
from ..constants import RESULT_SCALE


class FieldReportForm(KcnForm):
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    file = forms.FileField(label=_("Tệp báo cáo (PDF, Word, OpenDocument)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.odt"}))


class CriterionForm(KcnForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Tiêu chí"), max_length=255)
    target = forms.ChoiceField(label=_("Chấm cho"), choices=CriterionTarget.choices)
    weight = forms.DecimalField(label=_("Trọng số"), min_value=0, max_value=100, decimal_places=2, max_digits=5)
    max_score = forms.DecimalField(label=_("Điểm tối đa"), min_value=1, max_value=100, decimal_places=2,
                                   max_digits=5, initial=10)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=999, initial=0)


class BandForm(KcnForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Xếp loại"), max_length=64)
    min_score = forms.DecimalField(label=_("Từ điểm"), min_value=0, max_value=RESULT_SCALE, decimal_places=2,
                                   max_digits=5)
    passes = forms.BooleanField(label=_("Đạt yêu cầu"), required=False, initial=True)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True)
BandFormSet = forms.formset_factory(BandForm, extra=1, can_delete=True)


def formset_rows(formset):
    """The filled, not deleted rows of a valid formset, as dicts for the service."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({key: value for key, value in data.items() if key != "DELETE"})
    return rows


def score_field(criterion, required, initial=None):
    field = forms.DecimalField(label=criterion.name, required=required, min_value=None, max_digits=5,
                               decimal_places=2, initial=initial, localize=True)
    field.widget.attrs.update({"class": "form-control form-control-sm", "inputmode": "decimal",
                               "aria-label": criterion.name})
    return field


class GradingGridForm(KcnForm):
    """One score per trainee and per-trainee criterion; blank leaves it ungraded. The range is the
    service's to check (Grade.clean), so its message names the criterion."""

    def __init__(self, *args, criteria=(), enrolments=(), scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.grid = []
        for enrolment in enrolments:
            cells = []
            for criterion in criteria:
                name = f"score_{enrolment.pk}_{criterion.pk}"
                self.fields[name] = score_field(criterion, False, scores.get((enrolment.pk, criterion.pk)))
                cells.append(self[name])
            self.grid.append((enrolment, cells))

    def scores(self):
        result = {}
        for name, value in self.cleaned_data.items():
            _prefix, enrolment_id, criterion_id = name.split("_")
            result[(int(enrolment_id), int(criterion_id))] = value
        return result


class ReportGradeForm(KcnForm):
    comment = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria=(), scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = score_field(criterion, True, scores.get(criterion.pk))
            self.fields[f"score_{criterion.pk}"].help_text = _("Từ 0 đến %(max)s.") % {
                "max": f"{criterion.max_score.normalize():f}".replace(".", ",")}
        self.order_fields([f"score_{c.pk}" for c in self.criteria] + ["comment"])

    def scores(self):
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}
