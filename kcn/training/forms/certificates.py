"""Forms of the certificate pages: they collect and clean input; services.certificates decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kcn.core.forms import KcnForm

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class CertificateIssueForm(KcnForm):
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=255,
                                   help_text=_("Ví dụ: Giám đốc Hợp phần Sản xuất sạch hơn trong công nghiệp."))
    issued_on = forms.DateField(label=_("Ngày cấp"), input_formats=DATE_FORMATS,
                                widget=forms.DateInput(format="%d/%m/%Y"))


class CertificateRevokeForm(KcnForm):
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Lý do được hiển thị công khai trên trang kiểm tra chứng chỉ."))


class CertificateVerifyForm(KcnForm):
    code = forms.CharField(label=_("Mã xác thực"), max_length=32,
                           help_text=_("Mã in trên chứng chỉ, ví dụ ABCDE-23456 "
                                       "(không phân biệt chữ hoa, chữ thường)."),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
