"""Health monitoring's entries in the menu and its panels on the home pages."""

from django.utils.translation import pgettext_lazy

from kcn.core.home import register_panel
from kcn.core.navigation import NavEntry, register

EPIDEMIC = pgettext_lazy("menu", "Phòng, chống dịch")

register(
    NavEntry(pgettext_lazy("menu", "Vùng dịch"), "monitoring:area_list", "monitoring.outbreakarea", 33, EPIDEMIC),
    NavEntry(pgettext_lazy("menu", "Người về từ vùng dịch"), "monitoring:travel_list", "monitoring.traveldeclaration",
             34, EPIDEMIC),
    NavEntry(pgettext_lazy("menu", "Khai báo y tế"), "monitoring:health_list", "monitoring.healthdeclaration", 35,
             EPIDEMIC),
    NavEntry(pgettext_lazy("menu", "Bản cam kết"), "monitoring:commitment_list", "monitoring.commitmenttext", 36,
             EPIDEMIC),
    NavEntry(pgettext_lazy("menu", "Đường dây nóng"), "monitoring:call_list", "monitoring.hotlinecall", 39, EPIDEMIC),
)


def health_panel(request):
    """Today's monitoring at a glance: for those who see personal data, returnees in their period
    and workers with symptoms today; for everyone of the board, active areas and the commitment."""
    from django.db.models import Q
    from django.utils import timezone

    from kcn.accounts.choices import Role
    from kcn.core.choices import Action
    from kcn.core.permissions import role_allows
    from kcn.registry.models import Enterprise
    from kcn.registry.scope import reach_of

    from .models import HealthDeclaration, OutbreakArea, TravelDeclaration
    from .selectors import current_text, enterprises_without_acknowledgement

    user = request.user
    if not role_allows(user, OutbreakArea, Action.VIEW) or user.role == Role.ADMIN:
        return None
    today = timezone.localdate()
    areas = OutbreakArea.objects.restrict(user).filter(Q(end_date__isnull=True) | Q(end_date__gte=today),
                                                       start_date__lte=today)
    panel = {"template": "monitoring/panels/health.html", "width": "col-xl-6", "active_areas": areas.count()}
    if role_allows(user, TravelDeclaration, Action.VIEW):
        panel["returnees"] = TravelDeclaration.objects.restrict(user).in_period(today).count()
        panel["symptomatic"] = HealthDeclaration.objects.restrict(user).filter(date=today, symptomatic=True).count()
    boards = reach_of(user).boards
    text = current_text(next(iter(boards))) if len(boards) == 1 else None
    if text is not None:
        pending = enterprises_without_acknowledgement(user, text).count()
        total = Enterprise.objects.restrict(user).filter(zone__board_id=text.board_id).count()
        panel.update({"text": text, "pending": pending, "acknowledged": total - pending,
                      "is_enterprise": user.role == Role.ENTERPRISE})
    return panel


register_panel(health_panel, order=40)
