"""What the daily report can start from: the enterprise's F0s and its confirmed F1–F3 on the day."""

from collections import Counter

from django.db.models import Q

from kcn.reporting.prefill import register
from kcn.workers.models import Worker

from .choices import CaseStatus, Decision, PersonStatus
from .models import Case, Contact

# A contact who tested negative, was released or became a case (counted as F0) is no longer an Fn.
_NO_LONGER_CONTACTS = (PersonStatus.NEGATIVE, PersonStatus.RELEASED, PersonStatus.POSITIVE)


@register
def cases_and_contacts(enterprise, day) -> dict:
    """F0: cases tested positive by ``day`` and not closed by then. F1–F3: contacts working at the
    enterprise, confirmed by an officer, of such cases, still being followed. Nothing when KCN does
    not hold the enterprise's worker list (then its cases cannot be in KCN either)."""
    if not Worker.objects.filter(enterprise=enterprise).exists():
        return {}
    ongoing = Q(status=CaseStatus.OPEN) | Q(released_on__gt=day)
    values = {"f0": Case.objects.filter(ongoing, enterprise=enterprise, positive_test_date__lte=day).count()}
    # A person traced from two cases counts once, at the closer generation.
    closest = {}
    for worker_id, generation in (
            Contact.objects.filter(enterprise=enterprise, decision=Decision.CONFIRMED,
                                   case__positive_test_date__lte=day)
            .filter(Q(case__status=CaseStatus.OPEN) | Q(case__released_on__gt=day))
            .exclude(status__in=_NO_LONGER_CONTACTS).values_list("worker_id", "generation")):
        closest[worker_id] = min(generation, closest.get(worker_id, generation))
    counts = Counter(closest.values())
    for generation in (1, 2, 3):
        values[f"f{generation}"] = counts.get(generation, 0)
    return values
