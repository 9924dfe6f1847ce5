from django import forms
from django.utils.translation import gettext_lazy as _

from kcn.core.forms import KcnForm, KcnModelForm
from kcn.registry.models import Enterprise

from .models import Worker
from .selectors import worker_enterprises
from .validators import normalize_phone


class WorkerForm(KcnModelForm):
    class Meta:
        model = Worker
        fields = ["enterprise", "identity_number", "full_name", "date_of_birth", "sex", "phone", "residence_address",
                  "workshop", "production_line", "team", "shift", "dormitory", "room", "bus_route", "vaccine_doses",
                  "left_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["enterprise"].queryset = worker_enterprises(self.user, action) if self.user else \
            Enterprise.objects.none()
        if self.instance.pk:
            self.fields["enterprise"].disabled = True
        self.fields["identity_number"].widget.attrs.update({"inputmode": "numeric", "maxlength": 12})

    def clean_identity_number(self):
        number = (self.cleaned_data.get("identity_number") or "").strip()
        enterprise = self.instance.enterprise if self.instance.pk else self.cleaned_data.get("enterprise")
        if enterprise is None:
            enterprise_id = self.data.get("enterprise")
            enterprise = Enterprise.objects.filter(pk=enterprise_id).first() if str(enterprise_id).isdigit() else None
        clash = Worker.objects.filter(enterprise=enterprise, identity_number=number).exclude(pk=self.instance.pk)
        if enterprise is not None and clash.exists():
            raise forms.ValidationError(_("Doanh nghiệp đã có người lao động mang số CCCD này."))
        return number

    def validate_unique(self):
        # The identity number's uniqueness is checked above with a message that says what to do.
        pass

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone") or "")


class WorkerUploadForm(KcnForm):
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), label=_("Doanh nghiệp"))
    file = forms.FileField(label=_("Tệp .xlsx hoặc .csv"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = worker_enterprises(self.user, "import")
        self.fields["enterprise"].queryset = queryset
        if len(queryset[:2]) == 1:
            self.fields["enterprise"].initial = queryset[0]
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
