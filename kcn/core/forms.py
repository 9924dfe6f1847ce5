from django import forms
from django.utils.translation import gettext_lazy as _

from .services import VERSION_FIELD, version_token


class BootstrapMixin:
    """Give every widget its Bootstrap class; the template does the rest."""

    def _style_widgets(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput,)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(widget, forms.DateInput):
                widget.input_type = "text"
                widget.attrs.setdefault("placeholder", "dd/mm/yyyy")


class KcnModelForm(BootstrapMixin, forms.ModelForm):
    """A model form that knows its user and carries the row version against lost updates."""

    _version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance and self.instance.pk:
            self.fields[VERSION_FIELD].initial = version_token(self.instance)
        self._style_widgets()


class KcnForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self._style_widgets()


class UploadForm(KcnForm):
    file = forms.FileField(label=_("Tệp .xlsx hoặc .csv"))
