"""Forms of the feedback pages: they collect and clean input; services.feedback decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kcn.core.forms import KcnForm

from ..constants import FEEDBACK_MAX
from ..services.feedback import score_field


class ScoreField(forms.DecimalField):
    """A score typed as 8,5 or 8.5: a phone's keypad offers either, and "." is not a thousands
    separator in a score out of 10 (Django's localized parsing would read "8.5" as 85)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class FeedbackForm(KcnForm):
    """One score per active criterion of the programme, then a comment.

    The range is not checked here but by the service, so that the message names the criterion
    and the rule is the same for the page and the API.
    """

    comment = forms.CharField(label=_("Góp ý"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Điều bạn thấy tốt và điều nên cải thiện ở đợt học này."))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        comment = self.fields.pop("comment")
        for criterion in self.criteria:
            self.fields[score_field(criterion.pk)] = ScoreField(
                label=criterion.text,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                              "placeholder": f"0 – {FEEDBACK_MAX}"}),
                help_text=_("Từ 0 đến 10; cho phép số lẻ, ví dụ 8,5."),
                error_messages={"required": _("Hãy cho điểm tiêu chí này."),
                                "invalid": _("Hãy nhập một số từ 0 đến 10, ví dụ 8,5.")})
        self.fields["comment"] = comment
        self._style_widgets()

    def scores(self) -> dict:
        return {criterion.pk: self.cleaned_data.get(score_field(criterion.pk)) for criterion in self.criteria}


class FeedbackCriterionForm(KcnForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Tiêu chí"), max_length=255, required=False)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=1000, required=False)
    is_active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)


FeedbackCriterionFormSet = forms.formset_factory(FeedbackCriterionForm, extra=2, max_num=50, validate_max=True)
