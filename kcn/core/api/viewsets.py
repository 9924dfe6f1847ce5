"""Base viewsets of the REST API (NetBox's pattern): scope is applied here, once, for every resource.

A ``ScopedModelViewSet`` reaches rows only through ``restrict(user, action)`` with the KCN
action that matches the DRF action, and writes only through the app's services, which lock
the row, check its version, validate and re-check scope inside one transaction.

Answers, chosen so that "not found" and "not allowed" look the same (as on the pages):

* anonymous request: 401;
* a role that may not attempt the action at all (``role_allows`` is false): 404 — for the list
  and for create too, not 403, exactly like the pages raise Http404 when a role may not use a
  model; a client cannot learn which resources exist for other roles;
* a row outside the user's scope for the action (retrieve, update, delete): 404, the same
  answer as an id that does not exist; a related row (a zone, a department) outside scope is
  refused with the same message as one that does not exist (400 on that field);
* a service refusing the write (``PermissionDenied``, e.g. an enterprise moved into a zone the
  officer does not monitor): 404;
* invalid data, from the serializer or from the service's ``full_clean``: 400, one key per
  field (``non_field_errors`` for the record as a whole), messages in the user's language;
* ``If-Match`` on PUT, PATCH or DELETE different from the row's current version: 412
  Precondition Failed, nothing changed (HTTP's own answer to a failed If-Match); a stale
  ``version`` field in the body is refused by the service like a stale form: 400 under
  ``non_field_errors``;
* delete refused because other records still point at the row: 409.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.settings import api_settings
from rest_framework.viewsets import ModelViewSet, ReadOnlyModelViewSet

from kcn.core.choices import Action
from kcn.core.services import VERSION_FIELD, scoped_delete, version_token

from .permissions import RoleAllowsAction
from .schema import ScopedAutoSchema

# DRF action → KCN action. Extra @action routes fall back on their HTTP method.
ACTIONS = {
    "list": Action.VIEW,
    "retrieve": Action.VIEW,
    "create": Action.ADD,
    "update": Action.CHANGE,
    "partial_update": Action.CHANGE,
    "destroy": Action.DELETE,
}
METHOD_ACTIONS = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.ADD,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.DELETE,
}


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "Bản ghi này vừa được người khác sửa sau khi bạn đọc nó. "
        "Hãy đọc lại bản ghi để xem thay đổi của họ rồi sửa lại."
    )
    default_code = "stale_version"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Không thể xóa bản ghi này vì còn dữ liệu liên quan.")
    default_code = "protected"


def validation_detail(error: DjangoValidationError):
    """A Django ValidationError as DRF's error body: field name → messages."""
    if hasattr(error, "error_dict"):
        return {
            api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


class StableOrderingFilter(OrderingFilter):
    """``?ordering=`` (or the model's default order) with the primary key as the last tie-break.

    Without it two enterprises of the same name may swap places between two page requests,
    and a client paging through the list would see one twice and miss the other.
    """

    def get_ordering(self, request, queryset, view):
        ordering = (super().get_ordering(request, queryset, view) or list(queryset.query.order_by)
                    or list(queryset.model._meta.ordering))
        if not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering = [*ordering, "pk"]
        return ordering


FILTER_BACKENDS = [DjangoFilterBackend, StableOrderingFilter]


class UserLanguageMixin:
    """Answer in the language the user chose in their profile.

    UserLanguageMiddleware cannot do it for token clients: DRF authenticates them inside the
    view, after the middleware has already picked the cookie's language or Vietnamese.
    """

    def perform_authentication(self, request):
        super().perform_authentication(request)
        language = getattr(request.user, "language", None)
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response


class ReadOnlyReferenceViewSet(UserLanguageMixin, ReadOnlyModelViewSet):
    """Reference data every signed-in user may read (administrative units): no role, no scope."""

    permission_classes = [IsAuthenticated]
    filter_backends = FILTER_BACKENDS


class ScopedReadOnlyViewSet(UserLanguageMixin, ReadOnlyModelViewSet):
    """List and retrieve one KCN model through ``restrict``, plus workflow ``@action``s.

    The read-only twin of core's ScopedModelViewSet (same permission, 404 rule and schema);
    workflow actions map to a KCN action through ``action_permissions``.
    """

    queryset = None
    action_permissions: dict = {}
    permission_classes = [IsAuthenticated, RoleAllowsAction]
    filter_backends = FILTER_BACKENDS
    schema = ScopedAutoSchema()

    @property
    def kcn_action(self):
        return (self.action_permissions.get(self.action) or ACTIONS.get(self.action)
                or METHOD_ACTIONS.get(self.request.method))

    def get_base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset.none()
        return self.get_base_queryset().restrict(self.request.user, self.kcn_action)

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(validation_detail(exc))
        elif isinstance(exc, DjangoPermissionDenied):
            exc = NotFound()
        return super().handle_exception(exc)


class ScopedModelViewSet(UserLanguageMixin, ModelViewSet):
    """CRUD on one KCN model, scoped by ``restrict`` and written by ``save_service``.

    Subclasses set ``queryset`` (with the select_related/prefetch its serializer needs, so a
    list page costs the same number of queries whatever its size), ``serializer_class``,
    ``filterset_class`` (the app's FilterSet, shared with the pages), ``ordering_fields`` and
    ``save_service``. DELETE is offered only where the app has a delete service: add "delete"
    to ``http_method_names`` and set ``delete_service``.
    """

    queryset = None
    save_service = None  # callable(*, user, instance, data) -> instance
    delete_service = None  # callable(*, user, instance); None means core's scoped_delete
    permission_classes = [IsAuthenticated, RoleAllowsAction]
    filter_backends = FILTER_BACKENDS
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    schema = ScopedAutoSchema()

    @property
    def kcn_action(self):
        return ACTIONS.get(self.action) or METHOD_ACTIONS.get(self.request.method)

    def get_base_queryset(self):
        """The unrestricted rows with their joins; override to add what depends on the request."""
        return self.queryset.all()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular describing the view
            return self.queryset.none()
        return self.get_base_queryset().restrict(self.request.user, self.kcn_action)

    def get_object(self):
        obj = super().get_object()
        # A precondition is judged before the body is: a stale client gets 412 even when
        # its data would not validate either.
        expected = self.if_match()
        if expected is not None and self.request.method in ("PUT", "PATCH", "DELETE"):
            if expected != version_token(obj):
                raise PreconditionFailed
        return obj

    # --- writes: always through the service

    def perform_create(self, serializer):
        serializer.instance = type(self).save_service(
            user=self.request.user, instance=None, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if serializer.partial:
            # A service validates the whole record (periods, cross-field rules) as a form sends
            # it, so PATCH is PUT with the fields the client left out taken from the row.
            data = {**self.current_values(serializer), **data}
        expected = self.if_match()
        if expected is not None:
            # get_object() answered 412 already if it was stale when read; the service checks
            # it again under its row lock, where a concurrent write is caught too (as a 400).
            data.setdefault(VERSION_FIELD, expected)
        serializer.instance = type(self).save_service(
            user=self.request.user, instance=serializer.instance, data=data
        )

    def perform_destroy(self, instance):
        if self.delete_service is not None:
            type(self).delete_service(user=self.request.user, instance=instance)
        else:
            scoped_delete(user=self.request.user, model=type(instance), instance=instance)

    @staticmethod
    def current_values(serializer):
        instance, values = serializer.instance, {}
        for field in serializer.fields.values():
            if field.read_only or field.source == "*" or "." in field.source:
                continue
            value = getattr(instance, field.source)
            values[field.source] = list(value.all()) if hasattr(value, "all") else value
        return values

    def if_match(self):
        """The version the client read, from ``If-Match: "<version>"``; None when absent or ``*``."""
        value = self.request.headers.get("If-Match", "").strip()
        if value.startswith("W/"):
            value = value[2:]
        value = value.strip('"')
        return value if value and value != "*" else None

    # --- answers

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(validation_detail(exc))
        elif isinstance(exc, DjangoPermissionDenied):
            # The service re-checked scope and refused: as far as the client knows, not found.
            exc = NotFound()
        elif isinstance(exc, ProtectedError):
            exc = Conflict()
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        one_row = self.action != "list" and response.status_code < 300 and isinstance(data, dict)
        if one_row and data.get("version"):
            response["ETag"] = f'"{data["version"]}"'
        return response
