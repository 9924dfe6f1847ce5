"""Serializer building blocks shared by every app's API: scoped relations and the row version."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kcn.core.choices import Action
from kcn.core.services import VERSION_FIELD, version_token


class VersionField(serializers.CharField):
    """The row version (``updated_at`` in ISO form) read back, and sent back to guard an update.

    The value is the same token the pages' hidden ``_version`` input carries. It is not the
    ``updated_at`` field as rendered by the API, which DRF shows in the display time zone; send
    ``version`` (or the ``ETag``) back unchanged. On input it lands in the validated data as
    ``_version``, which ``scoped_save`` checks inside its transaction.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("label", _("Phiên bản"))
        kwargs.setdefault("help_text", _(
            "Phiên bản của bản ghi khi bạn đọc nó. Gửi lại khi sửa để không ghi đè thay đổi của người khác."
        ))
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance):
        return version_token(instance)

    def run_validation(self, data=serializers.empty):
        # With source="*" the validated value is merged into validated_data, hence a dict.
        value = super().run_validation(data)
        return {VERSION_FIELD: value} if value else {}


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key whose choices are the rows the requesting user may ``action`` (view by default).

    A row outside the user's scope is refused with the same message as a row that does not
    exist, as a form's restricted choice list does.
    """

    def __init__(self, action=Action.VIEW, **kwargs):
        self.scope_action = action
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is None:
            return queryset.none()
        return queryset.restrict(request.user, self.scope_action)


class KcnModelSerializer(serializers.ModelSerializer):
    """A model serializer that validates and renders, but never saves.

    Writes go through the app's services (``ScopedModelViewSet.save_service``), which lock the
    row, check the version and re-check scope in one transaction; saving from here would skip
    all three.
    """

    version = VersionField()

    def create(self, validated_data):
        raise NotImplementedError("KCN API writes go through the services, see ScopedModelViewSet.")

    def update(self, instance, validated_data):
        raise NotImplementedError("KCN API writes go through the services, see ScopedModelViewSet.")


class ErrorSerializer(serializers.Serializer):
    """The body of a 404, 409 or 412 answer (DRF's usual shape); only used to describe the API."""

    detail = serializers.CharField()
