from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from kcn.core.views import ObjectDetailView, ObjectEditView, ObjectListView

from . import services
from .filtersets import UserFilterSet
from .forms import LoginForm, UserForm
from .models import User
from .tables import UserTable, user_export_columns


class KcnLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def set_language(request):
    language = request.POST.get("language")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


class ProfileView(LoginRequiredMixin, View):
    def get(self, request):
        token = Token.objects.filter(user=request.user).first()
        return render(request, "accounts/profile.html", {"token": token})

    def post(self, request):
        token = services.user_rotate_token(user=request.user)
        messages.success(request, _("Đã tạo khóa API mới. Khóa cũ (nếu có) không còn dùng được."))
        return render(request, "accounts/profile.html", {"token": token})


class UserListView(ObjectListView):
    model = User
    filterset_class = UserFilterSet
    table_class = UserTable
    add_url_name = "accounts:user_add"
    export_name = "nguoi-dung"

    @staticmethod
    def export_columns(request):
        return user_export_columns()


class UserDetailView(ObjectDetailView):
    model = User
    template_name = "accounts/user_detail.html"


class UserEditView(ObjectEditView):
    model = User
    form_class = UserForm
    service = staticmethod(services.user_save)
