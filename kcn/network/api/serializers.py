"""Serializers of the network API. They validate and render; services.py writes."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kcn.core.api.serializers import KcnModelSerializer, ScopedPrimaryKeyRelatedField
from kcn.training.models import Programme, Trainee

from ..models import (
    ActivityUpdate,
    AgendaItem,
    Consultant,
    CpActivity,
    Document,
    Evaluation,
    FieldVisit,
    Workshop,
    WorkshopOrganisation,
    WorkshopParticipant,
)
from ..selectors import may_see_contact


class ConsultantSerializer(serializers.ModelSerializer):
    """A consultant of the directory. E-mail only for managers and the administrator; phone never."""

    province_name = serializers.CharField(source="province.name", read_only=True, default="")
    sectors = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()

    class Meta:
        model = Consultant
        fields = ["id", "full_name", "organisation", "organisation_type", "position", "province", "province_name",
                  "sectors", "experience", "email"]

    def get_sectors(self, consultant) -> list[str]:
        return [item.sector for item in consultant.sectors.all()]

    def get_email(self, consultant) -> str:
        request = self.context.get("request")
        return consultant.email if request is not None and may_see_contact(request.user) else ""


class ActivitySerializer(KcnModelSerializer):
    trainee = ScopedPrimaryKeyRelatedField(queryset=Trainee.objects.all(), label=_("Chuyên gia"))
    programme = ScopedPrimaryKeyRelatedField(queryset=Programme.objects.all(), required=False, allow_null=True,
                                             label=_("Chương trình"))

    class Meta:
        model = CpActivity
        fields = ["id", "trainee", "programme", "kind", "title", "enterprise_name", "sector", "description",
                  "planned_start", "planned_end", "status", "version", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class ActivityUpdateSerializer(KcnModelSerializer):
    """A quarterly update. Posting a quarter that already has one replaces it (answer 201 either way)."""

    activity = ScopedPrimaryKeyRelatedField(queryset=CpActivity.objects.all(), label=_("Hoạt động"))

    class Meta:
        model = ActivityUpdate
        fields = ["id", "activity", "year", "quarter", "status", "progress", "enterprises_reached", "submitted_by",
                  "version", "created_at", "updated_at"]
        read_only_fields = ["submitted_by", "created_at", "updated_at"]
        validators = []  # one per quarter: the service replaces the quarter's update


class EvaluationSerializer(KcnModelSerializer):
    trainee = serializers.PrimaryKeyRelatedField(queryset=Trainee.objects.all(), label=_("Chuyên gia"))

    class Meta:
        model = Evaluation
        fields = ["id", "trainee", "year", "half", "rating", "score", "comment", "evaluated_by", "evaluated_on",
                  "version", "created_at", "updated_at"]
        read_only_fields = ["evaluated_by", "created_at", "updated_at"]
        validators = []  # the service says which half is already evaluated


class AgendaItemSerializer(serializers.ModelSerializer):
    document = ScopedPrimaryKeyRelatedField(queryset=Document.objects.all(), required=False, allow_null=True,
                                            label=_("Tài liệu trình bày"))

    class Meta:
        model = AgendaItem
        fields = ["id", "day", "time", "order", "title", "speaker", "document"]


class WorkshopOrganisationSerializer(serializers.ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True, default="")
    legacy_province_name = serializers.CharField(source="legacy_province.name", read_only=True, default="")

    class Meta:
        model = WorkshopOrganisation
        fields = ["id", "name", "organisation_type", "province", "province_name", "legacy_province",
                  "legacy_province_name", "attendees"]


class WorkshopParticipantSerializer(serializers.ModelSerializer):
    """A person registered for a workshop (names are seen by the programme's people only)."""

    organisation = ScopedPrimaryKeyRelatedField(queryset=WorkshopOrganisation.objects.all(), required=False,
                                                allow_null=True, label=_("Đơn vị"))
    trainee = ScopedPrimaryKeyRelatedField(queryset=Trainee.objects.all(), required=False, allow_null=True,
                                           label=_("Chuyên gia trong mạng lưới"))

    class Meta:
        model = WorkshopParticipant
        fields = ["id", "full_name", "organisation", "trainee", "attended"]


class FieldVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = FieldVisit
        fields = ["id", "date", "enterprise_name", "note"]


class WorkshopSerializer(KcnModelSerializer):
    """A workshop with its agenda, organisations and field visits (add and remove them with the
    ``parts`` actions)."""

    agenda = AgendaItemSerializer(many=True, read_only=True)
    organisations = WorkshopOrganisationSerializer(many=True, read_only=True)
    field_visits = FieldVisitSerializer(many=True, read_only=True)

    class Meta:
        model = Workshop
        fields = ["id", "title", "organiser", "programme", "place", "province", "legacy_province", "start_date",
                  "end_date", "description", "status", "agenda", "organisations", "field_visits", "version",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class DocumentSerializer(KcnModelSerializer):
    """A library document; upload ``file`` as multipart (PDF, Office or OpenDocument)."""

    file = serializers.FileField(write_only=True, required=False, label=_("Tệp"))
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "title", "kind", "topic", "sector", "description", "author", "published_on", "workshop",
                  "file", "original_name", "size", "content_type", "download_url", "version", "created_at",
                  "updated_at"]
        read_only_fields = ["original_name", "size", "content_type", "created_at", "updated_at"]

    def get_download_url(self, document) -> str:
        from django.urls import reverse

        return reverse("network:document_download", args=[document.pk])


class IndicatorYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    trained = serializers.IntegerField()
    people_cumulative = serializers.IntegerField()
    provinces_cumulative = serializers.IntegerField()
    departments_cumulative = serializers.IntegerField()
    share_cumulative = serializers.DecimalField(max_digits=5, decimal_places=1)


class IndicatorProvinceSerializer(serializers.Serializer):
    province_id = serializers.IntegerField()
    province = serializers.CharField()
    first_year = serializers.IntegerField()
    department_year = serializers.IntegerField(allow_null=True)
    has_department = serializers.BooleanField()
    legacy_names = serializers.ListField(child=serializers.CharField())


class IndicatorsSerializer(serializers.Serializer):
    years = IndicatorYearSerializer(many=True)
    people_trained = serializers.IntegerField()
    provinces_trained = serializers.IntegerField()
    departments_with_graduate = serializers.IntegerField()
    total_provinces = serializers.IntegerField()
    department_share = serializers.DecimalField(max_digits=5, decimal_places=1)
    target_share = serializers.DecimalField(max_digits=5, decimal_places=2)
    target_met = serializers.BooleanField()
    provinces = IndicatorProvinceSerializer(many=True)


class PresentSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField(), allow_empty=True, help_text=_(
        "Mã những người tham dự có mặt; những người còn lại được ghi là vắng."))
