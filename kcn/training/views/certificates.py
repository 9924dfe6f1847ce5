"""Certificate pages: the list, a certificate and its PDF, issuing a course's certificates,
revoking one, and the public check by code (no login).

Every row is reached through ``restrict``; out of scope answers 404 like a row that does not
exist. Writes go through services.certificates. The two public views answer the same page for
an unknown code whatever was typed, and show nothing but the one certificate asked for.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from kcn.core.choices import Action
from kcn.core.views import ObjectDetailView, ObjectListView, ScopedViewMixin, _attach_errors

from ..filtersets.certificates import CertificateFilterSet
from ..forms.certificates import CertificateIssueForm, CertificateRevokeForm, CertificateVerifyForm
from ..models import Certificate, Course, Enrolment
from ..selectors.certificates import RELATED, certificate_pdf, certificate_verify, certificates_for, normalise_code
from ..services.certificates import certificate_revoke, certificates_issue
from ..tables.certificates import CertificateTable, certificate_export_columns


class CertificateListView(ObjectListView):
    model = Certificate
    queryset = Certificate.objects.select_related(*RELATED)
    filterset_class = CertificateFilterSet
    table_class = CertificateTable
    export_name = "chung-chi"

    @staticmethod
    def export_columns(request):
        return certificate_export_columns()


class CertificateDetailView(ObjectDetailView):
    model = Certificate
    queryset = Certificate.objects.select_related(*RELATED, "issued_by", "revoked_by")
    template_name = "training/certificates/certificate_detail.html"

    def extra_context(self, certificate):
        return {"can_revoke": not certificate.is_revoked and self.can(Action.CHANGE)
                and certificate.is_in_scope(self.request.user, Action.CHANGE),
                "verify_url": _verify_url(self.request, certificate)}


def _verify_url(request, certificate):
    return request.build_absolute_uri(reverse("training:certificate_verify_code", args=[certificate.code]))


class CertificatePdfView(ScopedViewMixin, View):
    model = Certificate

    def get(self, request, pk):
        certificate = get_object_or_404(certificates_for(user=request.user), pk=pk)
        response = HttpResponse(certificate_pdf(certificate, _verify_url(request, certificate)),
                                content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="chung-chi-{certificate.code}.pdf"'
        return response


class CertificateIssueView(ScopedViewMixin, View):
    """A manager issues the certificates of a course: one for each trainee who passed and has none."""

    model = Certificate
    template_name = "training/certificates/certificate_issue.html"

    def course(self):
        if not self.can(Action.ADD):
            raise Http404
        return get_object_or_404(Course.objects.restrict(self.request.user, Action.VIEW)
                                 .select_related("programme"), pk=self.kwargs["course"])

    def get(self, request, course):
        course = self.course()
        last = certificates_for(user=request.user).filter(enrolment__course__programme=course.programme_id) \
            .order_by("-issued_on", "-pk").first()
        initial = {"signer_name": last.signer_name if last else "",
                   "signer_title": last.signer_title if last else course.programme.sponsor,
                   "issued_on": timezone.localdate()}
        return self.render(course, CertificateIssueForm(user=request.user, initial=initial))

    def post(self, request, course):
        course = self.course()
        form = CertificateIssueForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                issued = certificates_issue(user=request.user, course=course, signer_name=data["signer_name"],
                                            signer_title=data["signer_title"], issued_on=data["issued_on"])
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                if issued:
                    messages.success(request, _("Đã cấp %(count)s chứng chỉ.") % {"count": len(issued)})
                else:
                    messages.info(request, _("Không có học viên nào đạt yêu cầu mà chưa được cấp chứng chỉ."))
                return redirect(f"{reverse('training:certificate_list')}?course={course.pk}")
        return self.render(course, form, status=400)

    def render(self, course, form, status=200):
        pending = (Enrolment.objects.restrict(self.request.user, Action.VIEW)
                   .filter(course=course, passed=True, certificate__isnull=True)
                   .select_related("trainee", "band").order_by("trainee__full_name", "pk"))
        issued = certificates_for(user=self.request.user).filter(enrolment__course=course).count()
        return render(self.request, self.template_name,
                      {"course": course, "form": form, "pending": pending, "issued_count": issued},
                      status=status)


class CertificateRevokeView(ScopedViewMixin, View):
    model = Certificate
    queryset = Certificate.objects.select_related(*RELATED)
    template_name = "training/certificates/certificate_revoke.html"

    def get(self, request, pk):
        certificate = self.get_object(Action.CHANGE)
        return self.render(certificate, CertificateRevokeForm(user=request.user))

    def post(self, request, pk):
        certificate = self.get_object(Action.CHANGE)
        form = CertificateRevokeForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                certificate_revoke(user=request.user, certificate=certificate, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã thu hồi chứng chỉ %(code)s.") % {"code": certificate.code})
                return redirect(certificate.get_absolute_url())
        return self.render(certificate, form, status=400)

    def render(self, certificate, form, status=200):
        return render(self.request, self.template_name, {"object": certificate, "form": form}, status=status)


# --- The public check: no login, nothing but the one certificate asked for.


@method_decorator(never_cache, name="dispatch")
class CertificateVerifyView(View):
    """``?code=`` typed by anyone; ``certificate_verify_code`` is where the printed QR code leads."""

    template_name = "training/certificates/certificate_verify.html"

    def get(self, request, code=None):
        typed = code if code is not None else request.GET.get("code")
        form = CertificateVerifyForm(initial={"code": typed or ""})
        context = {"form": form, "checked": typed is not None, "typed": (typed or "").strip()[:32]}
        status = 200
        if typed is not None:
            certificate = certificate_verify(typed) if normalise_code(typed) else None
            context["certificate"] = certificate
            if certificate is None and code is not None:
                status = 404
        response = render(request, self.template_name, context, status=status)
        response["X-Robots-Tag"] = "noindex"
        return response


urlpatterns = [
    path("certificates/", CertificateListView.as_view(), name="certificate_list"),
    path("certificates/<int:pk>/", CertificateDetailView.as_view(), name="certificate_detail"),
    path("certificates/<int:pk>/pdf/", CertificatePdfView.as_view(), name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", CertificateRevokeView.as_view(), name="certificate_revoke"),
    path("courses/<int:course>/certificates/issue/", CertificateIssueView.as_view(), name="certificate_issue"),
    path("certificates/verify/", CertificateVerifyView.as_view(), name="certificate_verify"),
    path("certificates/verify/<str:code>/", CertificateVerifyView.as_view(), name="certificate_verify_code"),
]
