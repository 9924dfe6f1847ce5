"""Certificates API: the scoped list and detail, issuing a course's certificates, revoking one,
and the public check by code (no authentication).

Scope as on the pages: ``restrict`` on every read, the services on every write; a row out of
scope, or a role that may not act, answers 404.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.viewsets import ScopedReadOnlyViewSet, UserLanguageMixin
from kcn.core.choices import Action

from ..filtersets.certificates import CertificateFilterSet
from ..models import Certificate, Course
from ..selectors.certificates import RELATED, certificate_verify
from ..services.certificates import certificate_revoke, certificates_issue


class CertificateSerializer(serializers.ModelSerializer):
    holder = serializers.CharField(source="enrolment.trainee.full_name", read_only=True)
    trainee = serializers.IntegerField(source="enrolment.trainee_id", read_only=True)
    course = serializers.IntegerField(source="enrolment.course_id", read_only=True)
    course_name = serializers.CharField(source="enrolment.course.__str__", read_only=True)
    programme = serializers.IntegerField(source="enrolment.course.programme_id", read_only=True)
    band = serializers.CharField(source="enrolment.band.name", read_only=True, default="")
    result_score = serializers.DecimalField(source="enrolment.result_score", max_digits=5, decimal_places=2,
                                            read_only=True)
    is_revoked = serializers.BooleanField(read_only=True)

    class Meta:
        model = Certificate
        fields = ["id", "code", "number", "enrolment", "trainee", "holder", "course", "course_name", "programme",
                  "band", "result_score", "issued_on", "signer_name", "signer_title", "is_revoked", "revoked_at",
                  "revoked_reason"]
        read_only_fields = fields


class CertificateIssueSerializer(serializers.Serializer):
    course = serializers.IntegerField(help_text=_("Khóa cần cấp chứng chỉ."))
    signer_name = serializers.CharField(max_length=150)
    signer_title = serializers.CharField(max_length=255)
    issued_on = serializers.DateField(required=False, allow_null=True)


class CertificateRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Lý do thu hồi, hiển thị công khai."))


class CertificateVerifySerializer(serializers.Serializer):
    """What the public check tells anyone holding the code: no more than the paper itself says."""

    code = serializers.CharField()
    valid = serializers.BooleanField(help_text=_("Đúng khi chứng chỉ chưa bị thu hồi."))
    holder = serializers.CharField()
    course = serializers.CharField()
    programme = serializers.CharField()
    sponsor = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField()
    band = serializers.CharField(allow_blank=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoked_reason = serializers.CharField(allow_blank=True)


def verification_facts(certificate: Certificate) -> dict:
    enrolment = certificate.enrolment
    course = enrolment.course
    return {"code": certificate.code, "valid": not certificate.is_revoked, "holder": enrolment.trainee.full_name,
            "course": str(course), "programme": course.programme.name, "sponsor": course.programme.sponsor,
            "number": certificate.number, "issued_on": certificate.issued_on,
            "band": enrolment.band.name if enrolment.band_id else "", "revoked_at": certificate.revoked_at,
            "revoked_reason": certificate.revoked_reason}


@extend_schema(tags=["Training"])
class CertificateViewSet(ScopedReadOnlyViewSet):
    """Certificates: a manager's programmes, a trainer's courses, a trainee's own. ``issue`` (for a
    course) and ``revoke`` are the manager's."""

    queryset = Certificate.objects.select_related(*RELATED)
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilterSet
    ordering_fields = ["issued_on", "code"]
    action_permissions = {"issue": Action.ADD, "revoke": Action.CHANGE}
    lookup_value_regex = r"\d+"

    @extend_schema(request=CertificateIssueSerializer,
                   responses={201: CertificateSerializer(many=True), 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=False, methods=["post"])
    def issue(self, request):
        """Issue the certificates of a course: one for each passed enrolment without one (idempotent)."""
        payload = CertificateIssueSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        course = Course.objects.restrict(request.user, Action.VIEW).filter(pk=data["course"]).first()
        if course is None:
            raise NotFound
        issued = certificates_issue(user=request.user, course=course, signer_name=data["signer_name"],
                                    signer_title=data["signer_title"], issued_on=data.get("issued_on"))
        rows = self.get_queryset().filter(pk__in=[item.pk for item in issued])
        return Response(self.get_serializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CertificateRevokeSerializer,
                   responses={200: CertificateSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Revoke a certificate with a reason (shown on the public check)."""
        certificate = self.get_object()
        payload = CertificateRevokeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        certificate = certificate_revoke(user=request.user, certificate=certificate,
                                         reason=payload.validated_data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=certificate.pk)).data)


class VerifyThrottle(AnonRateThrottle):
    # REST_FRAMEWORK sets no throttle rates, so this one carries its own: generous for a person
    # checking papers, slow for a script walking through codes.
    rate = "120/minute"


@extend_schema(tags=["Training"], auth=[], responses={200: CertificateVerifySerializer, 404: NOT_FOUND_RESPONSE})
class CertificateVerifyView(UserLanguageMixin, APIView):
    """Public check of a certificate by its code (any case; spaces and the dash are optional).

    No authentication. Answers 404, always the same, for a code that does not exist.
    """

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [VerifyThrottle]

    def get(self, request, code):
        certificate = certificate_verify(code)
        if certificate is None:
            raise NotFound(_("Không tìm thấy chứng chỉ có mã này."))
        return Response(CertificateVerifySerializer(verification_facts(certificate)).data)


def register(router):
    router.register("certificates", CertificateViewSet, basename="certificate")


urlpatterns = [
    path("certificates/verify/<str:code>/", CertificateVerifyView.as_view(), name="certificate-verify"),
]
