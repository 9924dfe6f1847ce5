from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kcn.core.api.serializers import KcnModelSerializer
from kcn.registry.models import Enterprise

from ..models import Worker, WorkerImport
from ..selectors import worker_enterprises
from ..validators import mask_identity, mask_phone, normalize_phone


class WorkerEnterpriseField(serializers.PrimaryKeyRelatedField):
    """An enterprise whose workers the requesting user may add (or, on an update, change): others
    are refused like an id that does not exist. The service refuses moving a worker elsewhere."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Enterprise.objects.none()
        editing = getattr(self.parent, "instance", None) is not None
        return worker_enterprises(request.user, "change" if editing else "add")


class WorkerSerializer(KcnModelSerializer):
    """A worker. ``identity_number`` and ``phone`` are masked (0010******89) unless the request asks
    ``reveal=1`` and the user's role may see them in full."""

    enterprise = WorkerEnterpriseField()
    residence_commune = serializers.PrimaryKeyRelatedField(read_only=True)
    is_active = serializers.BooleanField(read_only=True, label=_("Đang làm"))

    class Meta:
        model = Worker
        fields = ["id", "enterprise", "identity_number", "full_name", "date_of_birth", "sex", "phone",
                  "residence_address", "residence_commune", "residence_original", "workshop", "production_line",
                  "team", "shift", "dormitory", "room", "bus_route", "vaccine_doses", "left_on", "is_active",
                  "created_at", "updated_at", "version"]
        read_only_fields = ["residence_original", "created_at", "updated_at"]
        # Uniqueness of the identity number is checked in validate(), with a Vietnamese message.
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("reveal"):
            data["identity_number"] = mask_identity(data["identity_number"])
            data["phone"] = mask_phone(data["phone"])
        return data

    def validate_phone(self, value):
        return normalize_phone(value) if value else ""

    def validate(self, attrs):
        enterprise = attrs.get("enterprise") or getattr(self.instance, "enterprise", None)
        number = attrs.get("identity_number") or getattr(self.instance, "identity_number", "")
        clash = Worker.objects.filter(enterprise=enterprise, identity_number=number)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if enterprise is not None and clash.exists():
            raise serializers.ValidationError({"identity_number": _(
                "Doanh nghiệp đã có người lao động mang số CCCD này.")})
        return attrs


class WorkerImportSerializer(serializers.ModelSerializer):
    created_by = serializers.StringRelatedField()

    class Meta:
        model = WorkerImport
        fields = ["id", "enterprise", "file_name", "added", "changed", "removed", "unchanged", "created_by",
                  "created_at"]


class UploadSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none(), label=_("Doanh nghiệp"))
    file = serializers.FileField(label=_("Tệp .xlsx hoặc .csv"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["enterprise"].queryset = worker_enterprises(request.user, "import")


class UploadErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    value = serializers.CharField()
    message = serializers.CharField()


class UploadResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    message = serializers.CharField()
    total = serializers.IntegerField()
    added = serializers.IntegerField()
    changed = serializers.IntegerField()
    removed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    import_id = serializers.IntegerField(allow_null=True)
    details = serializers.DictField()
    errors = UploadErrorSerializer(many=True)
