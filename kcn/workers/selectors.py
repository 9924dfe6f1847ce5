"""Reads of the worker registry, always through the acting user's scope."""

from django.db.models import Q

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.registry.models import Enterprise
from kcn.registry.scope import reach_of

from .models import Worker, WorkerImport
from .permissions import REVEAL


def worker_enterprises(user, action=Action.VIEW):
    """The enterprises whose workers the user may see: their own, or those of the zones their
    department monitors. Nobody else (personal data, see registry.scope.personal_data_q)."""
    if not role_allows(user, Worker, action):
        return Enterprise.objects.none()
    if user.is_superuser:
        return Enterprise.objects.all()
    reach = reach_of(user)
    if user.role == Role.ENTERPRISE:
        return Enterprise.objects.filter(pk__in=reach.enterprises)
    if user.role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_OFFICER):
        return Enterprise.objects.filter(zone__in=reach.zones)
    return Enterprise.objects.none()


def workers_for(user, action=Action.VIEW):
    return Worker.objects.restrict(user, action)


def imports_for(user):
    return WorkerImport.objects.restrict(user, Action.VIEW).select_related("enterprise", "created_by")


def can_reveal(user) -> bool:
    return role_allows(user, Worker, REVEAL)


def wants_reveal(request) -> bool:
    """Identity numbers and phones in full: only for a user with the right, and only when asked."""
    params = getattr(request, "query_params", None) or request.GET
    value = params.get("reveal", "")
    return str(value).lower() in ("1", "true", "yes", "on") and can_reveal(request.user)


def distinct_values(queryset, field):
    """The values a filter offers (phân xưởng, dây chuyền...) among the rows the user sees."""
    return list(queryset.exclude(**{field: ""}).order_by(field).values_list(field, flat=True).distinct()[:500])


def search_q(text: str) -> Q:
    from kcn.core.text import search_key

    text = text.strip()
    if text.isdigit():
        return Q(identity_number__startswith=text) if len(text) < 12 else Q(identity_number=text)
    return Q(search_text__contains=search_key(text))
