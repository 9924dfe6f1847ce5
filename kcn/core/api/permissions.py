"""Whether a role may attempt an API action at all; which rows it reaches is ``restrict``'s job."""

from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from kcn.core.permissions import role_allows


class RoleAllowsAction(BasePermission):
    """Refuse, as 404, a request whose role may not attempt the view's KCN action.

    The pages raise Http404 when a role may not use a model, and an API client must not be able
    to tell "you may not" from "there is nothing here" either (ids and resources cannot be
    probed). An anonymous request still gets 401: ``IsAuthenticated`` runs first and we answer
    False for it, so DRF sends the usual authentication challenge.
    """

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        action = view.kcn_action
        if action is None:
            return True
        if not role_allows(user, view.queryset.model, action):
            raise NotFound
        return True
