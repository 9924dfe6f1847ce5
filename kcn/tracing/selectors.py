"""Reads of tracing, always through the user's scope (except the counts other modules ask for)."""

import datetime

from django.db.models import Count, Q

from kcn.core.choices import Action

from .choices import CaseStatus, Decision
from .models import Case, Contact

#: A case counts as active for this many days after its positive test (unless closed before).
ACTIVE_DAYS = 14


def active_case_count(enterprise_ids, on: datetime.date) -> dict[int, int]:
    """enterprise id → cases with a positive test in the ``ACTIVE_DAYS`` days up to ``on`` and not
    closed by then. Counts name nobody, so they are not scoped: the caller (the outbreak-level
    proposal) decides who sees them. Enterprises without such cases are absent."""
    since = on - datetime.timedelta(days=ACTIVE_DAYS - 1)
    rows = (Case.objects.filter(enterprise_id__in=list(enterprise_ids), positive_test_date__gte=since,
                                positive_test_date__lte=on)
            .filter(Q(status=CaseStatus.OPEN) | Q(released_on__gt=on))
            .order_by().values("enterprise_id").annotate(count=Count("pk")).values_list("enterprise_id", "count"))
    return dict(rows)


def cases_for(user, action=Action.VIEW):
    return Case.objects.restrict(user, action).select_related("worker", "enterprise__zone", "rule")


def case_contacts(user, case, action=Action.VIEW):
    """The contacts of a case the user may see, with what their rows show."""
    return (Contact.objects.restrict(user, action).filter(case=case)
            .select_related("worker", "source_worker", "enterprise", "rule")
            .order_by("generation", "pk"))


def contact_counts(user, case) -> dict:
    """(generation, decision) → count, over the contacts of the case the user may see."""
    rows = (Contact.objects.restrict(user).filter(case=case).order_by().values("generation", "decision")
            .annotate(count=Count("pk")))
    counts = {(row["generation"], row["decision"]): row["count"] for row in rows}
    return {
        generation: {decision: counts.get((generation, decision), 0) for decision in Decision.values}
        for generation in (1, 2, 3)
    }
