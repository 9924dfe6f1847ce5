from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kcn.core.choices import Action
from kcn.core.forms import KcnForm, KcnModelForm
from kcn.core.widgets import FastSelect
from kcn.registry.models import Board, Commune, Enterprise
from kcn.workers.models import Worker

from .models import (
    CommitmentAcknowledgement,
    CommitmentText,
    HotlineCall,
    MonitoringRule,
    OutbreakArea,
    TravelDeclaration,
)
from .scope import board_writers_boards
from .selectors import enterprises_for_declaring

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y")
DATETIME_WIDGET = forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"})


def writable_boards(user):
    if user.is_superuser or user.role == "admin":
        return Board.objects.all()
    return Board.objects.filter(pk__in=board_writers_boards(user))


def _board_field(form):
    boards = writable_boards(form.user)
    form.fields["board"].queryset = boards
    if boards.count() == 1 and not form.initial.get("board") and not form.instance.pk:
        form.initial["board"] = boards.first().pk


class RuleForm(KcnModelForm):
    class Meta:
        model = MonitoringRule
        fields = ["board", "valid_from", "quarantine_days", "self_isolation_days", "basis"]
        widgets = {"valid_from": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _board_field(self)


class AreaForm(KcnModelForm):
    class Meta:
        model = OutbreakArea
        fields = ["board", "province", "commune", "start_date", "end_date", "quarantine_days", "self_isolation_days",
                  "source", "note"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 2}),
                   "commune": FastSelect}
        help_texts = {"quarantine_days": _("Để trống để lấy theo quy định đang áp dụng của Ban."),
                      "self_isolation_days": _("Để trống để lấy theo quy định đang áp dụng của Ban.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _board_field(self)
        self.fields["quarantine_days"].required = False
        self.fields["self_isolation_days"].required = False
        self.fields["commune"].queryset = Commune.objects.select_related("province")
        self.fields["commune"].widget.choices = self.fields["commune"].choices


class TravelForm(KcnModelForm):
    """A returnee: the worker is found by enterprise and CCCD (a list of 60,000 names is no select)."""

    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), label=_("Doanh nghiệp"))
    identity_number = forms.CharField(label=_("Số CCCD của người lao động"), max_length=12, min_length=12,
                                      widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))

    class Meta:
        model = TravelDeclaration
        fields = ["area", "direction", "departure_date", "return_date", "means", "note"]
        widgets = {"departure_date": DATE_WIDGET, "return_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        enterprises = enterprises_for_declaring(self.user)
        self.fields["enterprise"].queryset = enterprises
        if len(enterprises[:2]) == 1:
            self.fields["enterprise"].initial = enterprises[0].pk
        self.fields["area"].queryset = OutbreakArea.objects.restrict(self.user, Action.VIEW).select_related(
            "province", "commune")
        if self.instance.pk:
            self.fields["enterprise"].initial = self.instance.enterprise_id
            self.fields["identity_number"].initial = self.instance.worker.identity_number
        self.order_fields(["enterprise", "identity_number", "area", "direction", "departure_date", "return_date",
                           "means", "note"])

    def clean(self):
        cleaned = super().clean()
        enterprise, number = cleaned.get("enterprise"), cleaned.get("identity_number")
        if enterprise and number:
            worker = (Worker.objects.restrict(self.user, Action.VIEW)
                      .filter(enterprise=enterprise, identity_number=number.strip()).first())
            if worker is None:
                self.add_error("identity_number", _("Không có người lao động mang số CCCD này trong danh sách của "
                                                    "doanh nghiệp."))
            cleaned["worker"] = worker
        return cleaned


class CommitmentTextForm(KcnModelForm):
    class Meta:
        model = CommitmentText
        fields = ["board", "title", "body", "published_on"]
        widgets = {"published_on": DATE_WIDGET, "body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _board_field(self)
        if self.instance.pk:
            self.fields["board"].disabled = True
        else:
            self.initial.setdefault("published_on", timezone.localdate())


class AcknowledgementForm(KcnModelForm):
    class Meta:
        model = CommitmentAcknowledgement
        fields = ["enterprise", "signer_name", "signer_position", "signed_on", "scan"]
        widgets = {"signed_on": DATE_WIDGET}
        help_texts = {"scan": _("Không bắt buộc. Tệp PDF, JPG hoặc PNG, tối đa 5 MB.")}

    def __init__(self, *args, text=None, **kwargs):
        super().__init__(*args, **kwargs)
        enterprises = Enterprise.objects.restrict(self.user, Action.VIEW)
        if text is not None:
            enterprises = enterprises.filter(zone__board_id=text.board_id)
        self.fields["enterprise"].queryset = enterprises
        if len(enterprises[:2]) == 1:
            self.fields["enterprise"].initial = enterprises[0].pk
        self.fields["scan"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"
        self.initial.setdefault("signed_on", timezone.localdate())


class CallForm(KcnModelForm):
    class Meta:
        model = HotlineCall
        fields = ["board", "called_at", "caller_name", "caller_phone", "enterprise", "question", "answer",
                  "follow_up_needed", "follow_up_done"]
        widgets = {"called_at": DATETIME_WIDGET, "question": forms.Textarea(attrs={"rows": 3}),
                   "answer": forms.Textarea(attrs={"rows": 3}), "enterprise": FastSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        boards = Board.objects.restrict(self.user, Action.VIEW)
        self.fields["board"].queryset = boards
        if boards.count() == 1 and not self.instance.pk:
            self.initial.setdefault("board", boards.first().pk)
        self.fields["enterprise"].queryset = Enterprise.objects.restrict(self.user, Action.VIEW).order_by("name")
        self.fields["enterprise"].widget.choices = self.fields["enterprise"].choices
        if not self.instance.pk:
            self.initial.setdefault("called_at", timezone.localtime().replace(second=0, microsecond=0))


class EnterpriseUploadForm(KcnForm):
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), label=_("Doanh nghiệp"))
    file = forms.FileField(label=_("Tệp .xlsx hoặc .csv"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        enterprises = enterprises_for_declaring(self.user)
        self.fields["enterprise"].queryset = enterprises
        if len(enterprises[:2]) == 1:
            self.fields["enterprise"].initial = enterprises[0].pk
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"


class HealthUploadForm(EnterpriseUploadForm):
    date = forms.DateField(label=_("Ngày khai báo"), widget=DATE_WIDGET,
                           help_text=_("Dùng cho các dòng để trống cột “Ngày”."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.order_fields(["enterprise", "date", "file"])
        self._style_widgets()
