from django import forms

from kcn.accounts.choices import Role
from kcn.accounts.models import User
from kcn.core.choices import Action
from kcn.core.forms import KcnModelForm

from .choices import ENTERPRISE_CONTACT_FIELDS
from .models import Board, Department, Enterprise, EnterpriseUser, Observer, Oversight, Staff, Zone, ZoneAssignment
from .validators import normalize_tax_code

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y")


def _limit(form, field, model, action=Action.VIEW):
    if field in form.fields:
        form.fields[field].queryset = model.objects.restrict(form.user, action)


class ZoneForm(KcnModelForm):
    class Meta:
        model = Zone
        fields = ["board", "code", "name", "province", "commune", "legacy_province", "area_ha", "occupancy_rate",
                  "developer", "status", "address", "latitude", "longitude", "boundary", "contact_name",
                  "contact_phone", "contact_email"]
        widgets = {"boundary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, "board", Board)
        self.fields["commune"].queryset = self.fields["commune"].queryset.select_related("province")



class EnterpriseForm(KcnModelForm):
    class Meta:
        model = Enterprise
        fields = ["tax_code", "name", "foreign_name", "zone", "sector", "investor_country", "workforce",
                  "legal_representative", "phone", "email", "zalo", "address", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only zones where the user may place an enterprise are offered.
        _limit(self, "zone", Zone)
        self.fields["tax_code"].widget.attrs["inputmode"] = "numeric"

    def clean_tax_code(self):
        return normalize_tax_code(self.cleaned_data["tax_code"])


class EnterpriseContactForm(KcnModelForm):
    """What an enterprise's own representative may update: its names, people and contacts."""

    class Meta:
        model = Enterprise
        fields = ENTERPRISE_CONTACT_FIELDS


class DepartmentForm(KcnModelForm):
    class Meta:
        model = Department
        fields = ["board", "name", "kind", "consolidates", "phone", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, "board", Board)


class StaffForm(KcnModelForm):
    class Meta:
        model = Staff
        fields = ["user", "board", "department", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, "board", Board)
        _limit(self, "department", Department)


class ZoneAssignmentForm(KcnModelForm):
    class Meta:
        model = ZoneAssignment
        fields = ["zone", "department", "start_date", "end_date", "note"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, "zone", Zone)
        _limit(self, "department", Department)


class OversightForm(KcnModelForm):
    class Meta:
        model = Oversight
        fields = ["deputy", "department", "start_date", "end_date"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, "department", Department)
        self.fields["deputy"].queryset = (
            Staff.objects.restrict(self.user, Action.VIEW).filter(position__in=["head", "deputy_head"])
            .select_related("user")
        )


class EnterpriseUserForm(KcnModelForm):
    class Meta:
        model = EnterpriseUser
        fields = ["user", "enterprise"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(role=Role.ENTERPRISE, is_active=True)
        _limit(self, "enterprise", Enterprise)


class ObserverForm(KcnModelForm):
    class Meta:
        model = Observer
        fields = ["user", "board"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(role=Role.OBSERVER, is_active=True)
        _limit(self, "board", Board)
