"""What the daily report can start from: the enterprise's workforce on the day, from its list."""

from django.db.models import Q

from kcn.reporting.prefill import register

from .models import Worker


@register
def workforce(enterprise, day) -> dict:
    """Workers on the list who had not left by ``day`` (and were on it by then); nothing when the
    enterprise has never uploaded a list."""
    workers = Worker.objects.filter(enterprise=enterprise)
    if not workers.exists():
        return {}
    working = workers.filter(Q(left_on__isnull=True) | Q(left_on__gt=day), created_at__date__lte=day)
    return {"workforce": working.count()}
