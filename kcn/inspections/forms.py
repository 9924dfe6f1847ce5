"""Forms of the inspection pages. They only collect and clean input; services.py decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kcn.accounts.choices import Role
from kcn.accounts.models import User
from kcn.core.choices import Action
from kcn.core.forms import KcnForm, KcnModelForm
from kcn.registry.models import Enterprise, Staff

from .choices import Outcome
from .constants import PHOTOS_PER_FINDING
from .models import Checklist, Inspection

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y")
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _inspector_choices(user):
    """Staff of the user's board: the board's leaders and department staff."""
    boards = Staff.objects.filter(user=user).values("board_id")
    queryset = User.objects.filter(is_active=True, role__in=[Role.BOARD_LEADER, Role.DEPARTMENT_HEAD,
                                                             Role.DEPARTMENT_OFFICER])
    if user.role != Role.ADMIN and not user.is_superuser:
        queryset = queryset.filter(staff__board__in=boards)
    return queryset.distinct().order_by("full_name", "username")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input; each is checked by the service (type, size, real image)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


class InspectionForm(KcnModelForm):
    class Meta:
        model = Inspection
        fields = ["enterprise", "checklist", "date", "inspectors", "other_participants"]
        widgets = {"date": DATE_WIDGET, "other_participants": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = DATE_FORMATS
        self.fields["enterprise"].queryset = (Enterprise.objects.restrict(self.user, Action.VIEW)
                                              .select_related("zone").order_by("name"))
        self.fields["checklist"].queryset = Checklist.objects.filter(is_active=True)
        self.fields["checklist"].required = False
        self.fields["checklist"].help_text = _("Để trống: phiên bản mới nhất của bảng kiểm phòng, chống dịch.")
        self.fields["inspectors"].queryset = _inspector_choices(self.user)
        self.fields["inspectors"].help_text = _("Người lập biên bản luôn có tên trong đoàn kiểm tra.")
        if self.instance and self.instance.pk:
            # The enterprise and the checklist are fixed once results refer to them.
            for name in ("enterprise", "checklist"):
                self.fields[name].disabled = True


class ResultsForm(KcnForm):
    """One radio group (đạt / không đạt / không áp dụng) and a note per checklist item."""

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        choices = [(value, label) for value, label in Outcome.choices if value]
        for result in results:
            outcome_name, note_name = f"outcome_{result.item_id}", f"note_{result.item_id}"
            self.fields[outcome_name] = forms.ChoiceField(
                label=result.item.text, choices=choices, required=False, widget=forms.RadioSelect,
                initial=result.outcome)
            self.fields[note_name] = forms.CharField(label=_("Ghi chú"), required=False, max_length=500,
                                                     initial=result.note)
            self.rows.append((result, outcome_name, note_name))
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)

    def results(self):
        return {result.item_id: (self.cleaned_data.get(outcome) or "", self.cleaned_data.get(note) or "")
                for result, outcome, note in self.rows}


class FindingForm(KcnForm):
    item = forms.ModelChoiceField(label=_("Nội dung không đạt"), queryset=None, required=False,
                                  help_text=_("Để trống nếu tồn tại không gắn với nội dung nào của bảng kiểm."))
    description = forms.CharField(label=_("Mô tả tồn tại"), widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultiplePhotoField(label=_("Ảnh (JPEG, PNG, WebP; tối đa %(n)s ảnh, mỗi ảnh đến 5 MB)")
                                % {"n": PHOTOS_PER_FINDING}, required=False)
    action_description = forms.CharField(label=_("Biện pháp khắc phục yêu cầu"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("Hạn khắc phục"), required=False, widget=DATE_WIDGET,
                               input_formats=DATE_FORMATS)

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        failed_first = inspection.checklist.items.order_by("order")
        self.fields["item"].queryset = failed_first
        self.fields["item"].label_from_instance = lambda item: f"{item.code}. {item.text}"

    def clean(self):
        data = super().clean()
        if data.get("action_description") and not data.get("due_date"):
            self.add_error("due_date", _("Hãy cho biết hạn khắc phục."))
        return data


class ActionForm(KcnForm):
    finding = forms.ModelChoiceField(label=_("Tồn tại phát hiện"), queryset=None, required=False)
    description = forms.CharField(label=_("Biện pháp khắc phục"), widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(label=_("Hạn khắc phục"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = inspection.findings.all()


class FinaliseForm(KcnForm):
    conclusion = forms.CharField(label=_("Kết luận của đoàn kiểm tra"), widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class FixReportForm(KcnForm):
    note = forms.CharField(label=_("Việc đã làm để khắc phục"), widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(label=_("Ảnh sau khắc phục (không bắt buộc)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))


class VerifyForm(KcnForm):
    accepted = forms.TypedChoiceField(label=_("Kết quả xác nhận"), coerce=lambda value: value == "1",
                                      choices=[("1", _("Đạt: xác nhận đã khắc phục")),
                                               ("0", _("Chưa đạt: yêu cầu khắc phục tiếp"))],
                                      widget=forms.RadioSelect)
    note = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accepted"].widget.attrs["class"] = "form-check-input"
