"""Courses API: programmes, courses (with their modules), sessions (with their days), the trainee
roster, enrolments (withdraw is an action) and coaching at enterprises (mark done is an action).

Scope as on the pages: ``restrict`` on every read, the services on every write; a row out of
scope, or a role that may not act, answers 404.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from kcn.accounts.choices import Role
from kcn.accounts.models import User
from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.serializers import KcnModelSerializer, ScopedPrimaryKeyRelatedField
from kcn.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from kcn.core.choices import Action
from kcn.registry.choices import Sector
from kcn.registry.models import Enterprise, LegacyProvince, Province

from ..filtersets.courses import (
    CoachingFilterSet,
    CourseFilterSet,
    EnrolmentFilterSet,
    ProgrammeFilterSet,
    SessionFilterSet,
    TraineeFilterSet,
)
from ..models import Coaching, Course, CourseModule, Enrolment, Programme, Session, SessionDay, Trainee
from ..services import courses as services

TAGS = ["Training"]


def _trainers():
    return User.objects.filter(role=Role.TRAINER)


# --- serializers


class ProgrammeSerializer(KcnModelSerializer):
    managers = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(role=Role.PROGRAMME_MANAGER),
                                                  many=True, required=False, label=_("Người quản lý"))

    class Meta:
        model = Programme
        fields = ["id", "code", "name", "sponsor", "description", "start_year", "end_year", "managers",
                  "target_department_share", "version", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class CourseModuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseModule
        fields = ["id", "order", "title", "description"]


class CourseSerializer(KcnModelSerializer):
    programme = ScopedPrimaryKeyRelatedField(action=Action.CHANGE, queryset=Programme.objects.all(),
                                             label=_("Chương trình"))
    trainers = serializers.PrimaryKeyRelatedField(queryset=_trainers(), many=True, required=False,
                                                  label=_("Giảng viên"))
    modules = CourseModuleSerializer(many=True, read_only=True)

    class Meta:
        model = Course
        fields = ["id", "programme", "number", "name", "description", "start_date", "end_date", "status", "trainers",
                  "modules", "version", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # the service answers a duplicate number in Vietnamese


class SessionDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionDay
        fields = ["id", "date", "kind", "half_day", "topic"]


class SessionSerializer(KcnModelSerializer):
    course = ScopedPrimaryKeyRelatedField(action=Action.CHANGE, queryset=Course.objects.all(), label=_("Khóa"))
    number = serializers.IntegerField(required=False, min_value=1, label=_("Đợt số"))
    province = serializers.PrimaryKeyRelatedField(queryset=Province.objects.all(), required=False, allow_null=True,
                                                  label=_("Tỉnh, thành phố"))
    legacy_province = serializers.PrimaryKeyRelatedField(queryset=LegacyProvince.objects.all(), required=False,
                                                         allow_null=True, label=_("Tỉnh trước 01/07/2025"))
    province_label = serializers.CharField(read_only=True, label=_("Tỉnh ghi trong hồ sơ"))
    trainers = serializers.PrimaryKeyRelatedField(queryset=_trainers(), many=True, required=False,
                                                  label=_("Giảng viên"))
    modules = serializers.PrimaryKeyRelatedField(queryset=CourseModule.objects.all(), many=True, required=False,
                                                 label=_("Module"))
    days = SessionDaySerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = ["id", "course", "number", "place", "province", "legacy_province", "province_label", "start_date",
                  "end_date", "visited_enterprise", "modules", "trainers", "days", "version", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class SectorsField(serializers.ListField):
    """The sectors (VSIC division codes) a trainee has experience in."""

    child = serializers.ChoiceField(choices=Sector.choices)

    def to_representation(self, data):
        if hasattr(data, "all"):
            return [row.sector for row in data.all()]
        return [getattr(row, "sector", row) for row in data]


class TraineeSerializer(KcnModelSerializer):
    sectors = SectorsField(required=False, label=_("Ngành có kinh nghiệm"))

    class Meta:
        model = Trainee
        fields = ["id", "full_name", "sex", "birth_year", "email", "phone", "organisation", "organisation_type",
                  "position", "province", "experience", "user", "sectors", "version", "created_at", "updated_at"]
        read_only_fields = ["user", "created_at", "updated_at"]
        validators = []


class EnrolmentSerializer(serializers.ModelSerializer):
    course = ScopedPrimaryKeyRelatedField(action=Action.CHANGE, queryset=Course.objects.all(), label=_("Khóa"))
    trainee = ScopedPrimaryKeyRelatedField(queryset=Trainee.objects.all(), label=_("Học viên"))
    trainee_name = serializers.CharField(source="trainee.full_name", read_only=True)
    organisation = serializers.CharField(required=False, allow_blank=True, max_length=255,
                                         label=_("Cơ quan, đơn vị khi học"))
    province_label = serializers.CharField(read_only=True, label=_("Tỉnh ghi trong hồ sơ"))

    class Meta:
        model = Enrolment
        fields = ["id", "course", "trainee", "trainee_name", "status", "enrolled_on", "organisation",
                  "organisation_type", "province", "legacy_province", "province_label", "result_score", "band",
                  "passed", "classified_at"]
        read_only_fields = ["status", "enrolled_on", "result_score", "band", "passed", "classified_at"]
        extra_kwargs = {"organisation_type": {"required": False, "allow_blank": True}}
        # A second enrolment of the same person is refused by the service with a clear message.
        validators = []


class WithdrawSerializer(serializers.Serializer):
    """Nothing to send: the trainee leaves the course; their record stays."""


class CoachingSerializer(KcnModelSerializer):
    session = ScopedPrimaryKeyRelatedField(queryset=Session.objects.all(), label=_("Sau đợt"))
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True,
                                              label=_("Doanh nghiệp trong danh bạ"))
    trainers = serializers.PrimaryKeyRelatedField(queryset=_trainers(), many=True, required=False,
                                                  label=_("Giảng viên hướng dẫn"))
    participants = ScopedPrimaryKeyRelatedField(queryset=Enrolment.objects.all(), many=True, required=False,
                                                label=_("Học viên tham gia"))

    class Meta:
        model = Coaching
        fields = ["id", "session", "enterprise_name", "enterprise", "start_date", "end_date", "status", "trainers",
                  "participants", "report_due", "province", "legacy_province", "notes", "version", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class CoachingDoneSerializer(serializers.Serializer):
    notes = serializers.CharField(required=False, allow_blank=True, label=_("Ghi nhận"))


# --- viewsets


def _course_save(*, user, instance, data):
    return services.course_save(user=user, instance=instance, data=data)


def _trainee_save(*, user, instance, data):
    if "sectors" in data:
        data = {**data, "sectors": [getattr(row, "sector", row) for row in data["sectors"]]}
    return services.trainee_save(user=user, instance=instance, data=data)


@extend_schema(tags=TAGS)
class ProgrammeViewSet(ScopedModelViewSet):
    """Training programmes."""

    queryset = Programme.objects.prefetch_related("managers")
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet
    ordering_fields = ["start_year", "name"]
    save_service = staticmethod(services.programme_save)


@extend_schema(tags=TAGS)
class CourseViewSet(ScopedModelViewSet):
    """Courses of a programme, with their modules."""

    queryset = Course.objects.select_related("programme").prefetch_related("trainers", "modules")
    serializer_class = CourseSerializer
    filterset_class = CourseFilterSet
    ordering_fields = ["start_date", "number", "name"]
    save_service = staticmethod(_course_save)


@extend_schema(tags=TAGS)
class SessionViewSet(ScopedModelViewSet):
    """Sessions (đợt) of a course with their days; the days follow the session's dates."""

    queryset = Session.objects.select_related("province", "legacy_province__successor").prefetch_related(
        "days", "trainers", "modules")
    serializer_class = SessionSerializer
    filterset_class = SessionFilterSet
    ordering_fields = ["start_date", "number"]
    save_service = staticmethod(services.session_save)


@extend_schema(tags=TAGS)
class TraineeViewSet(ScopedModelViewSet):
    """The trainee roster; a trainee may update only their own phone, experience and sectors."""

    queryset = Trainee.objects.prefetch_related("sectors")
    serializer_class = TraineeSerializer
    filterset_class = TraineeFilterSet
    ordering_fields = ["full_name"]
    save_service = staticmethod(_trainee_save)


@extend_schema(tags=TAGS)
class EnrolmentViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Enrolments of trainees on courses; ``withdraw`` marks one withdrawn."""

    queryset = Enrolment.objects.select_related("trainee", "province", "legacy_province__successor")
    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentFilterSet
    ordering_fields = ["enrolled_on"]
    action_permissions = {"withdraw": Action.CHANGE}

    @extend_schema(responses={201: EnrolmentSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        enrolment = services.enrolment_create(
            user=request.user, course=data["course"], trainee=data["trainee"],
            organisation=data.get("organisation", ""), organisation_type=data.get("organisation_type", ""),
            province=data.get("province"), legacy_province=data.get("legacy_province"))
        return Response(self.get_serializer(enrolment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WithdrawSerializer,
                   responses={200: EnrolmentSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The trainee leaves the course (the record, attendance and grades stay)."""
        enrolment = services.enrolment_withdraw(user=request.user, enrolment=self.get_object())
        return Response(self.get_serializer(enrolment).data)


@extend_schema(tags=TAGS)
class CoachingViewSet(ScopedModelViewSet):
    """Coaching at demonstration enterprises after a session (1–2 days); ``done`` records that it took place."""

    queryset = Coaching.objects.select_related("session").prefetch_related("trainers", "participants")
    serializer_class = CoachingSerializer
    filterset_class = CoachingFilterSet
    ordering_fields = ["start_date"]
    save_service = staticmethod(services.coaching_save)

    @property
    def kcn_action(self):
        if self.action == "done":
            return Action.CHANGE
        return super().kcn_action

    @extend_schema(request=CoachingDoneSerializer,
                   responses={200: CoachingSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        """Record that the coaching took place, with notes."""
        payload = CoachingDoneSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        coaching = services.coaching_mark_done(user=request.user, coaching=self.get_object(),
                                               notes=payload.validated_data.get("notes", ""))
        return Response(self.get_serializer(coaching).data)


urlpatterns = []


def register(router):
    router.register("programmes", ProgrammeViewSet, basename="programme")
    router.register("courses", CourseViewSet, basename="course")
    router.register("sessions", SessionViewSet, basename="session")
    router.register("trainees", TraineeViewSet, basename="trainee")
    router.register("enrolments", EnrolmentViewSet, basename="enrolment")
    router.register("coaching", CoachingViewSet, basename="coaching")
