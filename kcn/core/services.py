"""The write path every domain service shares: lock, check the version, clean, save, re-check scope.

Domain services (``enterprise_save``, ``zone_save``...) call ``scoped_save`` so that every write
in KCN is transactional, refuses a stale form instead of overwriting a colleague's edit, and is
re-checked against the user's scope inside the same transaction.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .choices import Action
from .permissions import role_allows

VERSION_FIELD = "_version"


def version_token(instance) -> str:
    """What a form sends back to prove it was filled from the current version of the row: its
    last-change time, ``updated_at`` or the field the model names in ``VERSION_STAMP_FIELD``
    (a row that is not a KcnModel, such as an attendance cell's ``recorded_at``)."""
    if instance is None:
        return ""
    stamp = getattr(instance, getattr(instance, "VERSION_STAMP_FIELD", "updated_at"))
    return stamp.isoformat() if stamp else ""


def stale_version_error() -> ValidationError:
    return ValidationError(_(
        "Bản ghi này vừa được người khác sửa sau khi bạn mở trang. "
        "Hãy tải lại trang để xem thay đổi của họ rồi sửa lại."
    ), code="stale")


def _locked(model, user, action, pk):
    """The row, locked for the rest of the transaction, if the user may act on it; else None.

    Only the row itself is locked (``of=("self",)``) and the default ordering is dropped: an
    ordering through a nullable foreign key (Staff by department) would put the row on the nullable
    side of an outer join, which PostgreSQL refuses to lock.
    """
    queryset = model.objects.restrict(user, action).filter(pk=pk).order_by()
    return queryset.select_for_update(of=("self",)).first()


def require_permission(user, model, action):
    """Refuse (PermissionDenied) unless the user's role may attempt ``action`` on ``model`` at all."""
    if not role_allows(user, model, action):
        raise PermissionDenied


def locked_in_scope(model, user, action, pk):
    """The row, locked for the rest of the transaction, if the user may act on it; PermissionDenied
    otherwise (a service's write re-checks scope inside its transaction)."""
    row = _locked(model, user, action, pk)
    if row is None:
        raise PermissionDenied
    return row


def scoped_save(*, user, model, instance=None, data: dict, reason: str = ""):
    action = Action.CHANGE if instance is not None else Action.ADD
    if not role_allows(user, model, action):
        raise PermissionDenied
    data = dict(data)
    version = data.pop(VERSION_FIELD, None)
    with transaction.atomic():
        if instance is not None:
            current = _locked(model, user, Action.CHANGE, instance.pk)
            if current is None:
                raise PermissionDenied
            if version and version != version_token(current):
                raise stale_version_error()
            obj = current
        else:
            obj = model()
        many = {}
        for name, value in data.items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                many[name] = value
            else:
                setattr(obj, name, value)
        obj.full_clean()
        obj._history_user = user
        if reason:
            # The history keeps reasons in the official language, whoever acts.
            with translation.override(settings.LANGUAGE_CODE):
                obj._change_reason = str(reason)
        obj.save()
        for name, value in many.items():
            getattr(obj, name).set(value)
        # The saved row must still be one the user may act on: an officer cannot move an
        # enterprise into a zone that another department monitors.
        if not model.objects.restrict(user, action).filter(pk=obj.pk).exists():
            raise PermissionDenied
    return obj


def scoped_delete(*, user, model, instance):
    with transaction.atomic():
        current = _locked(model, user, Action.DELETE, instance.pk)
        if current is None:
            raise PermissionDenied
        current._history_user = user
        current.delete()
