from django import forms
from django.utils.translation import gettext_lazy as _

from kcn.core.forms import KcnForm
from kcn.registry.models import Enterprise

from .choices import GroupField, PersonStatus
from .scope import recordable_enterprises_q


class CaseForm(KcnForm):
    """Record an F0: the person is found by identity number in the worker lists the user may record for."""

    identity_number = forms.CharField(label=_("Số CCCD của người lao động"), max_length=12, min_length=12,
                                      help_text=_("12 chữ số, như trong danh sách lao động của doanh nghiệp."))
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), required=False, label=_("Doanh nghiệp"),
                                        help_text=_("Chỉ cần chọn khi người này làm việc ở nhiều doanh nghiệp."))
    positive_test_date = forms.DateField(label=_("Ngày xét nghiệm dương tính"))
    symptom_onset = forms.DateField(label=_("Ngày khởi phát triệu chứng"), required=False,
                                    help_text=_("Để trống nếu không có triệu chứng."))
    isolated_on = forms.DateField(label=_("Ngày cách ly"), required=False,
                                  help_text=_("Để trống nếu cách ly ngay ngày xét nghiệm dương tính."))
    isolation_place = forms.CharField(label=_("Nơi cách ly, điều trị"), max_length=255, required=False)
    notes = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        enterprises = Enterprise.objects.select_related("zone").order_by("name")
        condition = recordable_enterprises_q(self.user)
        self.fields["enterprise"].queryset = enterprises if condition is None else enterprises.filter(condition)

    def clean_identity_number(self):
        value = self.cleaned_data["identity_number"].strip()
        if not value.isdigit():
            raise forms.ValidationError(_("Số CCCD phải gồm đúng 12 chữ số."))
        return value


class StatusForm(KcnForm):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=[c for c in PersonStatus.choices if c[0]])
    on = forms.DateField(label=_("Từ ngày"))
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class ContactAddForm(KcnForm):
    identity_number = forms.CharField(label=_("Số CCCD người tiếp xúc"), max_length=12)
    source_identity_number = forms.CharField(
        label=_("Truy từ (số CCCD)"), max_length=12, required=False,
        help_text=_("Để trống nếu tiếp xúc trực tiếp với người bệnh (F1)."))
    link = forms.CharField(label=_("Hoàn cảnh tiếp xúc"), max_length=255)


class ReleaseForm(KcnForm):
    released_on = forms.DateField(label=_("Ngày kết thúc"))


class RuleForm(KcnForm):
    """A new version of the rules. Groups are typed one per line, fields joined by "+", and a line
    starting with "*" is shared across the enterprises of a zone (a dormitory, a bus)."""

    groups = forms.CharField(
        label=_("Các nhóm tiếp xúc gần"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng một nhóm, các trường nối bằng dấu +; dòng bắt đầu bằng * là nhóm dùng chung giữa "
                    "các doanh nghiệp cùng KCN. Các trường: %(fields)s.") % {
            "fields": ", ".join(GroupField.values)},
    )
    valid_from = forms.DateField(label=_("Áp dụng từ ngày"))
    days_before = forms.IntegerField(label=_("Số ngày trước khởi phát"), min_value=0, max_value=14, initial=2)
    generations = forms.IntegerField(label=_("Số thế hệ truy vết"), min_value=1, max_value=3, initial=3)
    note = forms.CharField(label=_("Căn cứ, ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_groups(self):
        groups = []
        for line in self.cleaned_data["groups"].splitlines():
            line = line.strip()
            if not line:
                continue
            across = line.startswith("*")
            fields = [part.strip() for part in line.lstrip("*").split("+") if part.strip()]
            groups.append({"fields": fields, "across_enterprises": across})
        return groups

    @staticmethod
    def groups_as_text(groups) -> str:
        return "\n".join(("*" if g.get("across_enterprises") else "") + " + ".join(g["fields"]) for g in groups)
