"""Forms of the design pages: templates, their fields and rules, schedules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kcn.core.choices import Action
from kcn.core.forms import KcnModelForm
from kcn.core.widgets import FastSelect
from kcn.registry.models import Board, Enterprise, Zone

from .choices import FieldType
from .models import CrossFieldRule, Field, ReportTemplate, Schedule
from .validation import parse_decimal
from .views_overview import vn_number


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """FastSelect for a list of choices (hundreds of enterprises): one string, not one template per option."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"multiple": True, "size": 8, **(attrs or {})}, choices)


class TemplateForm(KcnModelForm):
    class Meta:
        model = ReportTemplate
        fields = ["code", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ChoicesField(forms.CharField):
    """The choices of a "choice" field, one per line: ``giá trị`` or ``giá trị | nhãn``."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            lines = []
            for item in value:
                if isinstance(item, (list, tuple)) and len(item) == 2:
                    lines.append(f"{item[0]} | {item[1]}")
                else:
                    lines.append(str(item))
            return "\n".join(lines)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        result = []
        for line in (value or "").splitlines():
            line = line.strip()
            if not line:
                continue
            if "|" in line:
                key, label = (part.strip() for part in line.split("|", 1))
                if not key or not label:
                    raise forms.ValidationError(
                        _("Dòng “%(line)s” cần có dạng “giá trị | nhãn”."), params={"line": line})
                result.append([key, label])
            else:
                result.append(line)
        return result


class VnDecimalField(forms.CharField):
    """A limit typed the Vietnamese way ("1.000.000", "0,5"), read like the report's own numbers."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs["inputmode"] = "decimal"

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return vn_number(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_decimal(value)
        except ValueError:
            raise forms.ValidationError(_("Hãy nhập một số, ví dụ 1.200 hoặc 1.234,5.")) from None


class FieldForm(KcnModelForm):
    min_value = VnDecimalField(label=_("Giá trị nhỏ nhất"))
    max_value = VnDecimalField(label=_("Giá trị lớn nhất"))
    choices = ChoicesField(
        label=_("Các lựa chọn"), required=False,
        help_text=_("Với kiểu lựa chọn: mỗi dòng một lựa chọn, dạng “giá trị” hoặc “giá trị | nhãn”."),
    )

    class Meta:
        model = Field
        fields = ["code", "label", "type", "unit", "required", "min_value", "max_value", "choices", "order",
                  "help_text"]

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["code"].help_text = _("Khóa của số liệu, ví dụ workers_at_work; không đổi sau khi ban hành.")
        self.fields["order"].help_text = _("Trường có số nhỏ hơn đứng trước; để trống là xếp cuối.")
        self.fields["order"].required = False
        if not self.instance.pk and "order" not in self.initial:
            self.initial["order"] = self._next_order()

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self.version is not None:
            taken = self.version.fields.filter(code=code)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(_("Phiên bản này đã có trường mã “%(code)s”."), params={"code": code})
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("type") != FieldType.CHOICE and not cleaned.get("choices"):
            cleaned["choices"] = []
        if cleaned.get("order") is None:
            cleaned["order"] = self.instance.order if self.instance.pk else self._next_order()
        return cleaned

    def _next_order(self):
        if self.version is None:
            return 0
        last = self.version.fields.order_by("-order").values_list("order", flat=True).first()
        return (last or 0) + 10

    def validate_unique(self):
        # The version is not a form field: clean_code checks the code within it, the service the rest.
        pass

    def _post_clean(self):
        # The model's own checks (published guard, limits, choices) run in the service, which
        # knows the version; their messages come back under the fields.
        pass


class RuleForm(KcnModelForm):
    class Meta:
        model = CrossFieldRule
        fields = ["expression", "message"]
        help_texts = {
            "expression": _("Dùng mã trường, số, + - * /, so sánh (< <= > >= == !=), and, or, not và dấu ngoặc. "
                            "Ví dụ: returnees <= workforce"),
            "message": _("Câu hiện cho doanh nghiệp khi số liệu vi phạm quy tắc."),
        }

    def _post_clean(self):
        pass


class ScheduleForm(KcnModelForm):
    class Meta:
        model = Schedule
        fields = ["template", "board", "name", "target", "zones", "sector", "enterprises", "frequency", "convention",
                  "due_time", "due_day_offset", "is_active"]
        widgets = {
            "zones": FastSelectMultiple,
            "enterprises": FastSelectMultiple,
            "template": FastSelect,
            "board": FastSelect,
            "sector": FastSelect,
            "due_time": forms.TimeInput(format="%H:%M", attrs={"placeholder": "16:00"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        self.fields["template"].queryset = ReportTemplate.objects.restrict(user, Action.VIEW).filter(
            versions__is_published=True).distinct()
        self.fields["template"].help_text = _("Chỉ các mẫu đã có phiên bản ban hành.")
        boards = Board.objects.restrict(user, Action.VIEW)
        self.fields["board"].queryset = boards
        self.fields["zones"].queryset = Zone.objects.restrict(user, Action.VIEW).filter(board__in=boards) \
            .order_by("code")
        self.fields["enterprises"].queryset = Enterprise.objects.restrict(user, Action.VIEW) \
            .filter(zone__board__in=boards).only("pk", "name", "tax_code").order_by("name")
        self.fields["enterprises"].label_from_instance = lambda enterprise: f"{enterprise.name} ({enterprise.tax_code})"
        self.fields["zones"].help_text = _("Với đối tượng “các KCN đã chọn”.")
        self.fields["sector"].help_text = _("Với đối tượng “doanh nghiệp của một ngành”.")
        self.fields["enterprises"].help_text = _("Với đối tượng “danh sách doanh nghiệp”; giữ Ctrl để chọn nhiều.")
        self.fields["due_time"].input_formats = ["%H:%M", "%H:%M:%S"]
        if not self.instance.pk and boards.count() == 1:
            self.initial.setdefault("board", boards.first().pk)

    def _post_clean(self):
        # Schedule.clean and the target checks are the service's (schedule_save), one place for
        # the pages and the API.
        pass
