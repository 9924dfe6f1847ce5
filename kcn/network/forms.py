"""Forms of the network pages. They only collect and clean input; services.py decides."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.forms import KcnForm, KcnModelForm
from kcn.training.models import Enrolment, Programme, Trainee

from .choices import ActivityStatus
from .models import (
    AgendaItem,
    CpActivity,
    Document,
    Evaluation,
    FieldVisit,
    Workshop,
    WorkshopOrganisation,
    WorkshopParticipant,
)

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y")
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _dates(form, *names):
    for name in names:
        form.fields[name].input_formats = DATE_FORMATS


def graduate_choices(user):
    """Trainees with a passed enrolment the user may see (a manager's programmes, all for admin)."""
    return Trainee.objects.filter(
        pk__in=Enrolment.objects.restrict(user, Action.VIEW).filter(passed=True).values("trainee_id")
    ).order_by("full_name", "pk")


class ActivityForm(KcnModelForm):
    class Meta:
        model = CpActivity
        fields = ["trainee", "programme", "kind", "title", "enterprise_name", "sector", "description",
                  "planned_start", "planned_end", "status"]
        widgets = {"planned_start": DATE_WIDGET, "planned_end": DATE_WIDGET,
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self, "planned_start", "planned_end")
        self.fields["trainee"].queryset = graduate_choices(self.user)
        self.fields["programme"].queryset = Programme.objects.restrict(self.user, Action.VIEW)
        if self.user.role == Role.TRAINEE:
            # A graduate registers their own activities only.
            del self.fields["trainee"]

    def clean(self):
        data = super().clean()
        if self.user.role == Role.TRAINEE:
            trainee = Trainee.objects.filter(user=self.user).first()
            if trainee is None:
                raise forms.ValidationError(_("Tài khoản của bạn chưa gắn với hồ sơ học viên."))
            data["trainee"] = trainee
        return data


class ActivityUpdateForm(KcnForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quý"), coerce=int, choices=[(q, q) for q in range(1, 5)])
    status = forms.ChoiceField(label=_("Trạng thái"), choices=ActivityStatus.choices)
    progress = forms.CharField(label=_("Kết quả trong quý"), widget=forms.Textarea(attrs={"rows": 4}))
    enterprises_reached = forms.IntegerField(label=_("Số doanh nghiệp được hỗ trợ"), min_value=0, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1


class EvaluationForm(KcnModelForm):
    class Meta:
        model = Evaluation
        fields = ["year", "half", "rating", "score", "comment", "evaluated_on"]
        widgets = {"evaluated_on": DATE_WIDGET, "comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self, "evaluated_on")

    def validate_unique(self):
        # The service says which half is already evaluated, in a sentence naming the graduate.
        pass


class WorkshopForm(KcnModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "organiser", "programme", "place", "province", "legacy_province", "start_date",
                  "end_date", "status", "description"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self, "start_date", "end_date")
        self.fields["programme"].queryset = Programme.objects.restrict(self.user, Action.VIEW)


class WorkshopPartForm(KcnModelForm):
    """A line added to a workshop: the workshop is known before the model's checks run."""

    def __init__(self, *args, workshop=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        if workshop is not None:
            self.instance.workshop = workshop


class AgendaItemForm(WorkshopPartForm):
    class Meta:
        model = AgendaItem
        fields = ["day", "time", "order", "title", "speaker", "document"]
        widgets = {"day": DATE_WIDGET, "time": forms.TimeInput(format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self, "day")
        self.fields["document"].queryset = Document.objects.restrict(self.user, Action.VIEW).order_by("title")


class OrganisationForm(WorkshopPartForm):
    class Meta:
        model = WorkshopOrganisation
        fields = ["name", "organisation_type", "province", "legacy_province", "attendees"]


class ParticipantForm(WorkshopPartForm):
    class Meta:
        model = WorkshopParticipant
        fields = ["full_name", "organisation", "trainee", "attended"]

    def __init__(self, *args, workshop=None, **kwargs):
        super().__init__(*args, workshop=workshop, **kwargs)
        self.fields["organisation"].queryset = WorkshopOrganisation.objects.filter(workshop=workshop)
        self.fields["trainee"].queryset = Trainee.objects.restrict(self.user, Action.VIEW).order_by("full_name")


class FieldVisitForm(WorkshopPartForm):
    class Meta:
        model = FieldVisit
        fields = ["date", "enterprise_name", "note"]
        widgets = {"date": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self, "date")


class DocumentForm(KcnModelForm):
    class Meta:
        model = Document
        fields = ["title", "kind", "topic", "sector", "description", "author", "published_on", "workshop", "file"]
        widgets = {"published_on": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self, "published_on")
        self.fields["file"].required = not (self.instance and self.instance.pk)
        self.fields["file"].help_text = _("PDF, Word, Excel, PowerPoint hoặc OpenDocument.")
        self.fields["workshop"].queryset = Workshop.objects.restrict(self.user, Action.VIEW)

    def _post_clean(self):
        # The model's own checks run in the service, after the file is known to be a document;
        # here an unsaved instance would lack original_name and uploaded_by.
        pass
