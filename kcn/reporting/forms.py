"""The report form: a Django form built from a template version's fields.

The form only collects text as typed (numbers the Vietnamese way, "1.200", dates as
dd/mm/yyyy); every check — types, limits, required fields, cross-field rules — is the
service's (``kcn.reporting.validation``), whose errors are attached back to the fields here,
so the web page, the API and the spreadsheet upload refuse exactly the same things.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .choices import FieldType

YES, NO = "có", "không"
REASON = "reason"


def _label(field):
    return f"{field.label} ({field.unit})" if field.unit else field.label


def display_value(field, stored):
    """A stored value as a person types it: 1.200, 1.234,5, 22/11/2026, có/không."""
    if stored is None or stored == "":
        return ""
    try:
        if field.type == FieldType.INTEGER:
            return formats.number_format(int(stored), force_grouping=True)
        if field.type == FieldType.DECIMAL:
            return formats.number_format(Decimal(str(stored)).normalize(), force_grouping=True)
        if field.type == FieldType.DATE:
            return datetime.date.fromisoformat(str(stored)).strftime("%d/%m/%Y")
    except (ValueError, ArithmeticError):
        return str(stored)
    if field.type == FieldType.YES_NO:
        return YES if stored is True else NO if stored is False else str(stored)
    return str(stored)


def shown_value(field, stored):
    """A stored value as a page shows it (a choice by its label)."""
    if field.type == FieldType.CHOICE:
        return dict(field.choice_pairs()).get(str(stored), stored) if stored not in (None, "") else ""
    if field.type == FieldType.YES_NO and stored in (True, False):
        return _("Có") if stored else _("Không")
    return display_value(field, stored)


def _form_field(field):
    common = {"label": _label(field), "required": False, "help_text": field.help_text}
    if field.type in (FieldType.INTEGER, FieldType.DECIMAL):
        mode = "numeric" if field.type == FieldType.INTEGER else "decimal"
        # In the active language's own notation: 1.200 / 1.234,5 in Vietnamese, 1,200 / 1,234.5 in English.
        sample = 1200 if field.type == FieldType.INTEGER else Decimal("1234.5")
        example = formats.number_format(sample, force_grouping=True)
        widget = forms.TextInput(attrs={"inputmode": mode, "autocomplete": "off", "placeholder": example})
        form_field = forms.CharField(widget=widget, max_length=40, **common)
    elif field.type == FieldType.DATE:
        widget = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"})
        form_field = forms.CharField(widget=widget, max_length=20, **common)
    elif field.type == FieldType.CHOICE:
        form_field = forms.ChoiceField(choices=[("", "—")] + field.choice_pairs(), **common)
    elif field.type == FieldType.YES_NO:
        form_field = forms.ChoiceField(choices=[("", "—"), (YES, _("Có")), (NO, _("Không"))], **common)
    else:
        form_field = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **common)
    form_field.kcn_required = field.required  # marked with *, enforced when submitting
    css = "form-select" if isinstance(form_field, forms.ChoiceField) else "form-control"
    form_field.widget.attrs["class"] = css
    if field.required:
        form_field.widget.attrs["aria-required"] = "true"
    return form_field


class ReportForm(forms.Form):
    """The fields of ``version``, named by field code, initialised from stored ``values``."""

    def __init__(self, *args, version, values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.report_fields = list(version.fields.all())
        for field in self.report_fields:
            self.fields[field.code] = _form_field(field)
            if values and field.code in values:
                self.initial[field.code] = display_value(field, values[field.code])

    def values(self):
        """The typed values by field code, for the service."""
        return {field.code: self.cleaned_data.get(field.code, "") for field in self.report_fields}

    def attach(self, error: ValidationError):
        """A service's refusal shown inline: under the field its key names, else at the top."""
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(key if key in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)

    def mark_invalid(self):
        """Bootstrap's red border on the fields that have errors."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def error_summary(self):
        """The messages of the summary at the top, each once (a broken rule names several fields)."""
        entries = [(None, message) for message in self.non_field_errors()]
        entries += [(self[name].label, message) for name in self.fields for message in self.errors.get(name, [])]
        fields_per_message = {}
        for _name, message in entries:
            fields_per_message[message] = fields_per_message.get(message, 0) + 1
        seen, result = set(), []
        for label, message in entries:
            if message in seen:
                continue
            seen.add(message)
            named = label is None or message.startswith("“") or fields_per_message[message] > 1
            result.append(message if named else f"{label}: {message}")
        return result


class ReviseForm(ReportForm):
    """The report's fields plus the reason a correction must give."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[REASON] = forms.CharField(
            label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            max_length=2000, error_messages={"required": _("Hãy ghi lý do điều chỉnh báo cáo.")},
        )
        self.fields[REASON].kcn_required = True


class WorkbookUploadForm(forms.Form):
    """An uploaded report workbook and what to do with it: save as a draft or submit."""

    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), error_messages={
        "required": _("Hãy chọn tệp Excel (.xlsx) đã điền."),
        "empty": _("Tệp đã chọn rỗng."),
    })
    action = forms.ChoiceField(
        label=_("Sau khi kiểm tra"), widget=forms.RadioSelect, initial="draft",
        choices=[("draft", _("Lưu nháp")), ("submit", _("Nộp báo cáo"))],
        error_messages={"required": _("Hãy chọn lưu nháp hoặc nộp báo cáo."),
                        "invalid_choice": _("Hãy chọn lưu nháp hoặc nộp báo cáo.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"accept": ".xlsx", "class": "form-control"})
