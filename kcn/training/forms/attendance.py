"""Forms of the attendance pages. They only collect and clean input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kcn.core.forms import KcnForm

from ..choices import AttendanceStatus


def cell_name(enrolment_id, day_id):
    return f"cell_{enrolment_id}_{day_id}"


def was_name(enrolment_id, day_id):
    # What the cell held when the page was drawn: the service changes only the cells the trainer
    # changed, and refuses those someone else (a QR check-in, another trainer) changed meanwhile.
    return f"was_{enrolment_id}_{day_id}"


class AttendanceGridForm(KcnForm):
    """One select per trainee and day (blank: not recorded), with the value it started from."""

    def __init__(self, *args, days=(), rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *AttendanceStatus.choices]
        self.grid = []
        for row in rows:
            names = []
            for day, cell in zip(days, row.cells, strict=True):
                name = cell_name(row.enrolment.pk, day.pk)
                self.fields[name] = forms.ChoiceField(
                    label=_("%(trainee)s, ngày %(date)s") % {"trainee": row.enrolment.trainee,
                                                              "date": f"{day.date:%d/%m/%Y}"},
                    choices=choices, required=False, initial=cell.status if cell else "")
                self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
                self.fields[was_name(row.enrolment.pk, day.pk)] = forms.CharField(
                    required=False, max_length=16, widget=forms.HiddenInput, initial=cell.status if cell else "")
                names.append(name)
            self.grid.append((row, [self[name] for name in names]))

    def cells(self):
        """{(enrolment_id, day_id): status or ""} for the service."""
        return self._by_cell("cell")

    def originals(self):
        """{(enrolment_id, day_id): status or ""} as the page showed them; only the cells the
        browser sent a starting value for (a client that sends none overwrites, as before)."""
        return {key: value for key, value in self._by_cell("was").items()
                if was_name(*key) in self.data}

    def _by_cell(self, prefix):
        result = {}
        for name, value in self.cleaned_data.items():
            kind, enrolment_id, day_id = name.split("_")
            if kind == prefix:
                result[(int(enrolment_id), int(day_id))] = value or ""
        return result


class CheckinCodeForm(KcnForm):
    code = forms.CharField(label=_("Mã điểm danh (6 chữ số)"), max_length=12,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
