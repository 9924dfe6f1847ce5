from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from kcn.core.forms import BootstrapMixin, KcnModelForm

from .models import User


class LoginForm(BootstrapMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self._style_widgets()


class UserForm(KcnModelForm):
    password = forms.CharField(
        label=_("Mật khẩu mới"), widget=forms.PasswordInput(render_value=False), required=False,
        help_text=_("Để trống nếu không đổi mật khẩu."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "role", "organisation", "language", "is_active"]

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if not self.instance.pk and not password:
            raise forms.ValidationError(_("Tài khoản mới cần có mật khẩu."))
        if password:
            validate_password(password, self.instance)
        return password
