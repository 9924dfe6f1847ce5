"""Grading API: field reports (multipart upload), rubric criteria and grade bands (read), grades,
and a course's results (GET /courses/{id}/results/) and classification (POST /courses/{id}/classify/).

Scope as on the pages: ``restrict`` on every read, the services on every write.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.serializers import KcnModelSerializer, ScopedPrimaryKeyRelatedField
from kcn.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from kcn.core.choices import Action

from ..filtersets.grading import FieldReportFilterSet, GradeBandFilterSet, GradeFilterSet, RubricCriterionFilterSet
from ..models import Coaching, Course, Enrolment, FieldReport, Grade, GradeBand, RubricCriterion
from ..selectors.grading import course_results, grade_list
from ..services import grading as services

# --- serializers


class FieldReportSerializer(KcnModelSerializer):
    """A trainee's field report; upload with multipart (coaching, title, file)."""

    coaching = ScopedPrimaryKeyRelatedField(queryset=Coaching.objects.all(), label=_("Đợt hướng dẫn"))
    file = serializers.FileField(write_only=True, label=_("Tệp báo cáo"))
    download_url = serializers.SerializerMethodField()
    trainee_name = serializers.CharField(source="enrolment.trainee.full_name", read_only=True)

    class Meta:
        model = FieldReport
        fields = ["id", "enrolment", "trainee_name", "coaching", "title", "file", "original_name", "size",
                  "content_type", "submitted_at", "download_url", "version"]
        read_only_fields = ["enrolment", "original_name", "size", "content_type", "submitted_at"]

    def get_download_url(self, report) -> str:
        return reverse("training:report_download", args=[report.pk])


class RubricCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RubricCriterion
        fields = ["id", "course", "code", "name", "description", "target", "weight", "max_score", "order"]


class GradeBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeBand
        fields = ["id", "course", "name", "min_score", "passes"]


class GradeSerializer(KcnModelSerializer):
    """A score of a trainee on a per-trainee criterion, or of a report on a per-report criterion."""

    enrolment = ScopedPrimaryKeyRelatedField(queryset=Enrolment.objects.all(), label=_("Học viên"))
    criterion = ScopedPrimaryKeyRelatedField(queryset=RubricCriterion.objects.all(), label=_("Tiêu chí"))
    report = ScopedPrimaryKeyRelatedField(queryset=FieldReport.objects.all(), required=False, allow_null=True,
                                          label=_("Báo cáo thu hoạch"))

    class Meta:
        model = Grade
        fields = ["id", "enrolment", "criterion", "report", "score", "comment", "graded_by", "graded_at", "version"]
        read_only_fields = ["graded_by", "graded_at"]
        validators = []


class ResultScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)


class ResultRowSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(source="enrolment.pk")
    trainee_name = serializers.CharField(source="enrolment.trainee.full_name")
    scores = serializers.SerializerMethodField()
    complete = serializers.BooleanField(source="outcome.complete")
    missing_reports = serializers.IntegerField(source="outcome.missing_reports")
    result_score = serializers.DecimalField(source="enrolment.result_score", max_digits=5, decimal_places=2,
                                            allow_null=True)
    band = serializers.CharField(source="enrolment.band.name", allow_null=True, default=None)
    passed = serializers.BooleanField(source="enrolment.passed", allow_null=True)

    @extend_schema(responses=ResultScoreSerializer(many=True))
    def get_scores(self, row) -> list[dict]:
        return [{"criterion": c.pk, "score": None if s is None else s.quantize(services.TWO_PLACES)}
                for c, s in row.scores]


class BandCountSerializer(serializers.Serializer):
    band = serializers.CharField()
    count = serializers.IntegerField()


class ResultsSerializer(serializers.Serializer):
    course = serializers.IntegerField()
    published_at = serializers.DateTimeField(allow_null=True)
    criteria = RubricCriterionSerializer(many=True)
    bands = GradeBandSerializer(many=True)
    band_counts = BandCountSerializer(many=True)
    rows = ResultRowSerializer(many=True)


class RubricCriterionInputSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, allow_null=True, label=_("Mã bản ghi (để trống: tiêu chí mới)"))

    class Meta:
        model = RubricCriterion
        fields = ["id", "name", "description", "target", "weight", "max_score", "order"]
        validators = []


class GradeBandInputSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, allow_null=True, label=_("Mã bản ghi (để trống: xếp loại mới)"))

    class Meta:
        model = GradeBand
        fields = ["id", "name", "min_score", "passes"]
        validators = []


class RubricSerializer(serializers.Serializer):
    """The whole rubric of a course: rows left out are removed."""

    criteria = RubricCriterionInputSerializer(many=True)
    bands = GradeBandInputSerializer(many=True)


def _results_data(course, table):
    return {"course": course.pk, "published_at": course.results_published_at, "criteria": table.criteria,
            "bands": table.bands, "band_counts": [{"band": b.name, "count": n} for b, n in table.band_counts],
            "rows": table.rows}


# --- viewsets


@extend_schema(tags=["Training"])
class FieldReportViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Field reports (báo cáo thu hoạch). A trainee uploads theirs (multipart); posting again
    replaces the file until the report is graded."""

    queryset = FieldReport.objects.select_related("enrolment__trainee", "enrolment__course", "coaching")
    serializer_class = FieldReportSerializer
    filterset_class = FieldReportFilterSet
    ordering_fields = ["submitted_at"]
    parser_classes = [MultiPartParser, FormParser]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = services.report_submit(user=request.user, coaching=data["coaching"], title=data["title"],
                                        file=data["file"])
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["Training"])
class RubricCriterionViewSet(ScopedReadOnlyViewSet):
    """Rubric criteria of courses (``?course=``); the manager edits them on the rubric page."""

    queryset = RubricCriterion.objects.all()
    serializer_class = RubricCriterionSerializer
    filterset_class = RubricCriterionFilterSet
    ordering_fields = ["order"]


@extend_schema(tags=["Training"])
class GradeBandViewSet(ScopedReadOnlyViewSet):
    """Grade bands of courses (``?course=``), highest first."""

    queryset = GradeBand.objects.all()
    serializer_class = GradeBandSerializer
    filterset_class = GradeBandFilterSet
    ordering_fields = ["min_score"]


@extend_schema(tags=["Training"])
class GradeViewSet(ScopedModelViewSet):
    """Grades. A trainee sees their own once the course's results are published."""

    queryset = Grade.objects.select_related("criterion", "enrolment")
    serializer_class = GradeSerializer
    filterset_class = GradeFilterSet
    ordering_fields = ["graded_at"]
    save_service = staticmethod(services.grade_save)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset.none()
        return grade_list(user=self.request.user, action=self.kcn_action).select_related("criterion", "enrolment")


@extend_schema(tags=["Training"])
class CourseResultsViewSet(ScopedReadOnlyViewSet):
    """A course's results: every trainee's scores, weighted result on 10 and band."""

    queryset = Course.objects.all()
    serializer_class = ResultsSerializer
    action_permissions = {"results": Action.VIEW, "classify": Action.VIEW, "rubric": Action.CHANGE}

    @extend_schema(responses={200: ResultsSerializer, 404: NOT_FOUND_RESPONSE})
    def results(self, request, pk=None):
        """Scores per criterion, result and band of each trainee, and how many fall in each band."""
        course = self.get_object()
        return Response(ResultsSerializer(_results_data(course, course_results(user=request.user, course=course))).data)

    @extend_schema(request=None, responses={200: ResultsSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    def classify(self, request, pk=None):
        """Classify every enrolled trainee (trainer or manager); a trainee not fully graded gets no band."""
        course = self.get_object()
        services.course_classify(user=request.user, course=course)
        course.refresh_from_db()
        return Response(ResultsSerializer(_results_data(course, course_results(user=request.user, course=course))).data)


    @extend_schema(request=RubricSerializer,
                   responses={200: RubricSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    def rubric(self, request, pk=None):
        """Replace the course's criteria and grade bands (the manager; refused once results are published)."""
        course = self.get_object()
        payload = RubricSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.rubric_save(user=request.user, course=course,
                             criteria=[dict(row) for row in payload.validated_data["criteria"]],
                             bands=[dict(row) for row in payload.validated_data["bands"]])
        return Response(RubricSerializer({"criteria": course.criteria.all(), "bands": course.bands.all()}).data)


urlpatterns = [
    path("courses/<int:pk>/rubric/", CourseResultsViewSet.as_view({"put": "rubric"}), name="course-rubric"),
    path("courses/<int:pk>/results/", CourseResultsViewSet.as_view({"get": "results"}), name="course-results"),
    path("courses/<int:pk>/classify/", CourseResultsViewSet.as_view({"post": "classify"}), name="course-classify"),
]


def register(router):
    router.register("reports", FieldReportViewSet, basename="fieldreport")
    router.register("criteria", RubricCriterionViewSet, basename="rubriccriterion")
    router.register("bands", GradeBandViewSet, basename="gradeband")
    router.register("grades", GradeViewSet, basename="grade")
