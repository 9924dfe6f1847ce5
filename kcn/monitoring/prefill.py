"""What the daily report can start from: the returnees still under monitoring on the day."""

from kcn.reporting.prefill import register

from .models import TravelDeclaration


@register
def returnees(enterprise, day) -> dict:
    """Workers back from an outbreak area whose quarantine or self-isolation covers ``day``; nothing
    when the enterprise has declared no returnee at all (KCN then knows nothing)."""
    declarations = TravelDeclaration.objects.filter(enterprise=enterprise)
    if not declarations.exists():
        return {}
    return {"returnees": declarations.in_period(day).values("worker").distinct().count()}
