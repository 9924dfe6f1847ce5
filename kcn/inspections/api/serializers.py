"""Serializers of the inspections API. They validate and render; services.py writes."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kcn.accounts.models import User
from kcn.core.api.serializers import KcnModelSerializer, ScopedPrimaryKeyRelatedField
from kcn.registry.models import Enterprise

from ..choices import Outcome
from ..constants import PHOTO_MAX_BYTES
from ..models import Checklist, ChecklistItem, CorrectiveAction, Finding, FindingPhoto, Inspection, InspectionResult


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "group", "order", "code", "text"]


class ChecklistSerializer(serializers.ModelSerializer):
    """One version of a checklist with its items in order."""

    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = Checklist
        fields = ["id", "topic", "code", "version", "name", "description", "is_active", "items"]


class ResultSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_text = serializers.CharField(source="item.text", read_only=True)
    group = serializers.CharField(source="item.group", read_only=True)

    class Meta:
        model = InspectionResult
        fields = ["item", "item_code", "item_text", "group", "outcome", "note"]


class InspectionSerializer(KcnModelSerializer):
    """An inspection: header and outcomes. Create and update are for drafts; finalise is an action."""

    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), label=_("Doanh nghiệp"))
    checklist = serializers.PrimaryKeyRelatedField(queryset=Checklist.objects.filter(is_active=True), required=False,
                                                   label=_("Bảng kiểm"))
    inspectors = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), many=True,
                                                    required=False, label=_("Cán bộ kiểm tra"))
    results = ResultSerializer(many=True, read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "enterprise", "enterprise_name", "checklist", "date", "inspectors", "other_participants",
                  "conclusion", "status", "finalised_at", "results", "version", "created_at", "updated_at"]
        read_only_fields = ["status", "finalised_at", "created_at", "updated_at"]

    def validate_date(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("Ngày kiểm tra không được sau ngày hôm nay."))
        return value


class ResultInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(label=_("Nội dung kiểm tra"))
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, label=_("Kết quả"))
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, label=_("Ghi chú"))


class ResultsInputSerializer(serializers.Serializer):
    results = ResultInputSerializer(many=True)
    version = serializers.CharField(required=False, allow_blank=True)


class FinaliseSerializer(serializers.Serializer):
    conclusion = serializers.CharField(required=False, allow_blank=True, label=_("Kết luận"))
    version = serializers.CharField(required=False, allow_blank=True)


class FindingPhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = FindingPhoto
        fields = ["id", "original_name", "url", "thumbnail_url"]

    def get_url(self, photo) -> str:
        from django.urls import reverse

        return reverse("inspections:photo", args=[photo.pk])

    def get_thumbnail_url(self, photo) -> str:
        from django.urls import reverse

        return reverse("inspections:photo_thumbnail", args=[photo.pk])


class FindingSerializer(serializers.ModelSerializer):
    """A finding; photos are uploaded as multipart ``photos`` on create."""

    inspection = ScopedPrimaryKeyRelatedField(queryset=Inspection.objects.all(), action="change",
                                              label=_("Biên bản kiểm tra"))
    item = serializers.PrimaryKeyRelatedField(queryset=ChecklistItem.objects.all(), required=False, allow_null=True,
                                              label=_("Nội dung kiểm tra"))
    photos = FindingPhotoSerializer(many=True, read_only=True)
    upload = serializers.ListField(
        child=serializers.ImageField(max_length=255, allow_empty_file=False), required=False, write_only=True,
        label=_("Ảnh"), help_text=_("Ảnh JPEG, PNG hoặc WebP, mỗi ảnh tối đa %(mb)s MB.")
        % {"mb": PHOTO_MAX_BYTES // (1024 * 1024)})

    class Meta:
        model = Finding
        fields = ["id", "inspection", "item", "description", "photos", "upload", "created_at"]


class ActionSerializer(serializers.ModelSerializer):
    inspection = ScopedPrimaryKeyRelatedField(queryset=Inspection.objects.all(), action="change",
                                              label=_("Biên bản kiểm tra"))
    finding = serializers.PrimaryKeyRelatedField(queryset=Finding.objects.all(), required=False, allow_null=True,
                                                 label=_("Tồn tại phát hiện"))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = CorrectiveAction
        fields = ["id", "inspection", "finding", "enterprise", "enterprise_name", "description", "due_date",
                  "status", "overdue", "fix_note", "fixed_at", "verify_note", "verified_at", "created_at"]
        read_only_fields = ["enterprise", "status", "fix_note", "fixed_at", "verify_note", "verified_at",
                            "created_at"]


class FixReportSerializer(serializers.Serializer):
    note = serializers.CharField(label=_("Việc đã làm để khắc phục"))
    photo = serializers.ImageField(required=False, label=_("Ảnh sau khắc phục"))


class VerifySerializer(serializers.Serializer):
    accepted = serializers.BooleanField(label=_("Đạt"))
    note = serializers.CharField(required=False, allow_blank=True, label=_("Ý kiến"))
