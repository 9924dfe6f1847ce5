"""Reads of inspections that pages, the API and the home panels share; each takes the acting user."""

from itertools import groupby

from django.utils import timezone

from kcn.core.choices import Action

from .choices import ActionStatus, InspectionStatus
from .models import CorrectiveAction, Inspection


def inspection_list(*, user, action=Action.VIEW):
    return Inspection.objects.restrict(user, action).select_related("enterprise__zone", "checklist")


def inspection_results_by_group(inspection):
    """[(group, [result, ...]), ...] in checklist order, for the detail page, forms and the minutes."""
    results = inspection.results.select_related("item").order_by("item__order", "item__pk")
    return [(group, list(rows)) for group, rows in groupby(results, key=lambda r: r.item.group)]


def action_list(*, user, action=Action.VIEW):
    return CorrectiveAction.objects.restrict(user, action).select_related("enterprise__zone", "inspection")


def overdue_actions(*, user, today=None):
    today = today or timezone.localdate()
    return action_list(user=user).filter(status=ActionStatus.OPEN, due_date__lt=today,
                                         inspection__status=InspectionStatus.FINALISED)


def open_actions(*, user):
    """Actions still to do or to verify (open or fixed), soonest due first."""
    return action_list(user=user).filter(status__in=[ActionStatus.OPEN, ActionStatus.FIXED],
                                         inspection__status=InspectionStatus.FINALISED).order_by("due_date", "pk")
