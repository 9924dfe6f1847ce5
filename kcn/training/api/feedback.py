"""Feedback API: the programmes' feedback criteria (managers set them with
POST /feedback-criteria/save/), feedback on sessions (a trainee posts their own; managers read
them) and the summary of a programme.

Scope as on the pages: ``restrict`` on every read, the services on every write.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.viewsets import ScopedReadOnlyViewSet, UserLanguageMixin
from kcn.core.choices import Action

from ..models import Enrolment, Feedback, FeedbackCriterion, FeedbackScore, Programme, Session
from ..selectors.feedback import feedback_stats, summary_programmes
from ..services.feedback import feedback_criteria_save, feedback_submit


class FeedbackCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedbackCriterion
        fields = ["id", "programme", "order", "text", "is_active"]
        read_only_fields = fields


class CriterionRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True,
                                  help_text=_("Mã tiêu chí đã có; bỏ trống để thêm tiêu chí mới."))
    text = serializers.CharField(allow_blank=True, label=_("Nội dung"))
    order = serializers.IntegerField(required=False, allow_null=True, min_value=0, label=_("Thứ tự"))
    is_active = serializers.BooleanField(required=False, default=True, label=_("Đang dùng"))


class CriteriaInputSerializer(serializers.Serializer):
    programme = serializers.IntegerField(label=_("Chương trình"))
    criteria = CriterionRowSerializer(many=True, help_text=_(
        "Các tiêu chí của chương trình, như trên trang. Tiêu chí đã có học viên chấm không xóa được: "
        "gửi is_active=false để thôi dùng."))


class FeedbackCriterionFilterSet(filters.FilterSet):
    class Meta:
        model = FeedbackCriterion
        fields = ["programme", "is_active"]


class FeedbackScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedbackScore
        fields = ["criterion", "score"]


class FeedbackSerializer(serializers.ModelSerializer):
    scores = FeedbackScoreSerializer(many=True, read_only=True)
    course = serializers.IntegerField(source="session.course_id", read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "session", "course", "enrolment", "average", "comment", "submitted_at", "scores"]
        read_only_fields = fields


class FeedbackScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=8, decimal_places=2, help_text=_("Từ 0 đến 10."))


class FeedbackInputSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    scores = FeedbackScoreInputSerializer(many=True, help_text=_("Một điểm từ 0 đến 10 cho mỗi tiêu chí đang dùng."))
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackFilterSet(filters.FilterSet):
    programme = filters.NumberFilter(field_name="session__course__programme_id")
    course = filters.NumberFilter(field_name="session__course_id")

    class Meta:
        model = Feedback
        fields = ["session", "course", "programme"]


@extend_schema(tags=["Training"])
class FeedbackCriterionViewSet(ScopedReadOnlyViewSet):
    """What trainees score a session on, per programme; its manager sets them with ``save``."""

    queryset = FeedbackCriterion.objects.all()
    serializer_class = FeedbackCriterionSerializer
    filterset_class = FeedbackCriterionFilterSet
    ordering_fields = ["programme", "order"]
    action_permissions = {"save_criteria": Action.CHANGE}

    @extend_schema(request=CriteriaInputSerializer,
                   responses={200: FeedbackCriterionSerializer(many=True), 400: INVALID_RESPONSE,
                              404: NOT_FOUND_RESPONSE})
    @action(detail=False, methods=["post"], url_path="save")
    def save_criteria(self, request):
        """Set a programme's criteria as the manager's page does: rows with an ``id`` are changed,
        rows without are added, blank new rows are skipped; at least one must stay in use. The
        answer is the programme's criteria afterwards."""
        payload = CriteriaInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        programme = Programme.objects.restrict(request.user, Action.VIEW).filter(pk=data["programme"]).first()
        if programme is None:
            raise NotFound
        feedback_criteria_save(user=request.user, programme=programme, rows=[dict(row) for row in data["criteria"]])
        criteria = FeedbackCriterion.objects.filter(programme=programme).order_by("order", "pk")
        return Response(FeedbackCriterionSerializer(criteria, many=True).data)


@extend_schema(tags=["Training"])
class FeedbackViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Feedback on sessions. A trainee posts their own (once per session) and reads it back;
    managers read those of their programmes."""

    queryset = Feedback.objects.select_related("session").prefetch_related("scores")
    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilterSet
    ordering_fields = ["submitted_at", "average"]

    @extend_schema(request=FeedbackInputSerializer,
                   responses={201: FeedbackSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    def create(self, request, *args, **kwargs):
        payload = FeedbackInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        session = Session.objects.restrict(request.user, Action.VIEW).filter(pk=data["session"]).first()
        enrolment = session and Enrolment.objects.restrict(request.user, Action.VIEW).filter(
            course_id=session.course_id, trainee__user_id=request.user.pk).first()
        if not enrolment:
            raise NotFound
        scores = {row["criterion"]: row["score"] for row in data["scores"]}
        feedback = feedback_submit(user=request.user, session=session, enrolment=enrolment, scores=scores,
                                   comment=data.get("comment", ""))
        return Response(self.get_serializer(self.get_queryset().get(pk=feedback.pk)).data,
                        status=status.HTTP_201_CREATED)


_average = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
FeedbackStatsSerializer = inline_serializer("FeedbackStats", fields={
    "programme": serializers.IntegerField(),
    "responses": serializers.IntegerField(),
    "average": _average,
    "sessions": inline_serializer("FeedbackStatsSession", many=True, fields={
        "session": serializers.IntegerField(), "course": serializers.IntegerField(),
        "label": serializers.CharField(), "responses": serializers.IntegerField(), "average": _average}),
    "courses": inline_serializer("FeedbackStatsCourse", many=True, fields={
        "course": serializers.IntegerField(), "label": serializers.CharField(),
        "responses": serializers.IntegerField(), "average": _average}),
    "criteria": inline_serializer("FeedbackStatsCriterion", many=True, fields={
        "criterion": serializers.IntegerField(), "text": serializers.CharField(),
        "responses": serializers.IntegerField(), "average": _average}),
    "highest_session": serializers.IntegerField(allow_null=True),
    "lowest_session": serializers.IntegerField(allow_null=True),
})


def _decimal(value):
    return None if value is None else f"{value:.2f}"


@extend_schema(tags=["Training"], responses={200: FeedbackStatsSerializer, 404: NOT_FOUND_RESPONSE})
class FeedbackStatsView(UserLanguageMixin, APIView):
    """Averages of a programme's feedback per session, course and criterion, with the highest and
    lowest session. Managers and trainers (averages of their own courses only)."""

    permission_classes = [IsAuthenticated]

    def get(self, request, programme):
        programme = get_object_or_404(summary_programmes(user=request.user), pk=programme)
        stats = feedback_stats(user=request.user, programme=programme)
        return Response({
            "programme": programme.pk,
            "responses": stats["responses"],
            "average": _decimal(stats["average"]),
            "sessions": [{"session": row["session"].pk, "course": row["course"].pk, "label": str(row["session"]),
                          "responses": row["responses"], "average": _decimal(row["average"])}
                         for row in stats["sessions"]],
            "courses": [{"course": row["course"].pk, "label": str(row["course"]), "responses": row["responses"],
                         "average": _decimal(row["average"])} for row in stats["courses"]],
            "criteria": [{"criterion": row["criterion"].pk, "text": row["criterion"].text,
                          "responses": row["responses"], "average": _decimal(row["average"])}
                         for row in stats["criteria"]],
            "highest_session": stats["highest"]["session"].pk if stats["highest"] else None,
            "lowest_session": stats["lowest"]["session"].pk if stats["lowest"] else None,
        })


def register(router):
    router.register("feedback-criteria", FeedbackCriterionViewSet, basename="feedback-criterion")
    router.register("feedback", FeedbackViewSet, basename="feedback")


urlpatterns = [
    path("feedback-stats/<int:programme>/", FeedbackStatsView.as_view(), name="feedback-stats"),
]
