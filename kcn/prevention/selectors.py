"""Reads of levels, proposals, plans and checklists. Every selector that lists rows takes the acting
user and goes through ``restrict``."""

import logging
from collections import Counter

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.registry.models import Enterprise, Zone
from kcn.registry.scope import reach_of

from .choices import Level, ZoneRule
from .models import Checklist, ChecklistItem, CriteriaSet, EnterpriseLevel, ScenarioPlan, ZoneLevel

logger = logging.getLogger(__name__)


def current_enterprise_levels():
    """The current row of each enterprise (unrestricted: callers restrict)."""
    latest = EnterpriseLevel.objects.filter(enterprise=OuterRef("enterprise")).order_by("-effective_date", "-pk")
    return EnterpriseLevel.objects.filter(pk=Subquery(latest.values("pk")[:1]))


def current_zone_levels():
    latest = ZoneLevel.objects.filter(zone=OuterRef("zone")).order_by("-effective_date", "-pk")
    return ZoneLevel.objects.filter(pk=Subquery(latest.values("pk")[:1]))


def current_level_of(enterprise):
    """The current EnterpriseLevel row of an enterprise, or None (level never set)."""
    return EnterpriseLevel.objects.filter(enterprise=enterprise).order_by("-effective_date", "-pk").first()


def current_zone_level_of(zone):
    return ZoneLevel.objects.filter(zone=zone).order_by("-effective_date", "-pk").first()


def current_plan(enterprise):
    """The latest version of the enterprise's scenario plan, or None."""
    return ScenarioPlan.objects.filter(enterprise=enterprise).order_by("-version").first()


def current_checklist(enterprise):
    return (Checklist.objects.filter(enterprise=enterprise, superseded_at__isnull=True)
            .order_by("-effective_at", "-pk").first())


def open_items(user):
    """Items not done yet of the checklists still in force, in the user's scope."""
    return (ChecklistItem.objects.restrict(user, Action.VIEW)
            .filter(done_at__isnull=True, checklist__superseded_at__isnull=True))


def overdue_items(user, now=None):
    now = now or timezone.now()
    return open_items(user).filter(due_at__lt=now).select_related("checklist__enterprise__zone")


# --- Proposals


def active_case_counts(enterprise_ids, on):
    """enterprise id → active cases on a date, from the tracing app if it offers the count.

    The tracing app is written alongside this one; while it has no ``active_case_count`` (or it
    fails), there is simply no case-based proposal.
    """
    try:
        from kcn.tracing.selectors import active_case_count
    except ImportError:
        return {}
    enterprise_ids = list(enterprise_ids)
    try:
        result = active_case_count(enterprise_ids, on=on)
        if isinstance(result, dict):
            return {int(key): int(value) for key, value in result.items()}
        if len(enterprise_ids) == 1:
            return {enterprise_ids[0]: int(result)}
        return {pk: int(active_case_count([pk], on=on)) for pk in enterprise_ids}
    except Exception:  # a half-written tracing app must not take the level pages down
        logger.exception("active_case_count failed")
        return {}


def case_proposal(enterprise, on=None, criteria_set=None):
    """(active cases, proposed level) when the cases reach a threshold above the current level."""
    on = on or timezone.localdate()
    criteria_set = criteria_set or CriteriaSet.current()
    if criteria_set is None:
        return None
    cases = active_case_counts([enterprise.pk], on).get(enterprise.pk, 0)
    level = criteria_set.level_for_cases(cases) if cases else None
    if level is None:
        return None
    current = current_level_of(enterprise)
    if current is not None and current.level >= level:
        return None
    return cases, level


def zone_proposed_level(levels, total, criteria_set=None):
    """The level a zone's enterprises propose for it.

    ``levels``: the current levels of the zone's enterprises that have one; ``total``: how many
    enterprises the zone has. Rule (data, on the criteria set): the highest level of any enterprise
    ("highest"), or the highest level N such that at least ``zone_share_percent`` % of the zone's
    enterprises are at N or above ("share"). None when no enterprise has a level.
    """
    if not levels:
        return None
    criteria_set = criteria_set or CriteriaSet.current()
    if criteria_set is None or criteria_set.zone_rule == ZoneRule.HIGHEST:
        return max(levels)
    counts = Counter(levels)
    at_or_above = 0
    for level in sorted(Level.values, reverse=True):
        at_or_above += counts.get(level, 0)
        if at_or_above and total and 100 * at_or_above >= criteria_set.zone_share_percent * total:
            return level
    return Level.NEW_NORMAL


def zone_rows(user):
    """Zones the user may see the levels of, each with its current level and proposed level."""
    if not role_allows(user, ZoneLevel, Action.VIEW):
        return []
    zones = list(Zone.objects.filter(visible_zones_q(user)).select_related("board").order_by("name"))
    current = {row.zone_id: row for row in current_zone_levels().filter(zone__in=zones).select_related("set_by")}
    enterprise_levels = {}
    for row in current_enterprise_levels().filter(enterprise__zone__in=zones).values("enterprise__zone", "level"):
        enterprise_levels.setdefault(row["enterprise__zone"], []).append(row["level"])
    totals = Counter(Enterprise.objects.filter(zone__in=zones).values_list("zone", flat=True))
    criteria_set = CriteriaSet.current()
    rows = []
    for zone in zones:
        levels = enterprise_levels.get(zone.pk, [])
        rows.append({
            "zone": zone,
            "current": current.get(zone.pk),
            "level": current[zone.pk].level if zone.pk in current else None,
            "proposed": zone_proposed_level(levels, totals.get(zone.pk, 0), criteria_set),
            "enterprise_count": totals.get(zone.pk, 0),
            "by_level": {level: levels.count(level) for level in Level.values},
        })
    return rows


def visible_zones_q(user):
    """Zones whose levels the user sees: the board's for its members, its own for an enterprise."""
    reach = reach_of(user)
    if reach.everything:
        return Q()
    if user.role == Role.ENTERPRISE:
        return Q(pk__in=reach.zones)
    if not reach.boards:
        return Q(pk__in=[])
    return Q(board__in=reach.boards)


def visible_enterprises_q(user):
    """Enterprises whose levels the user sees: the board's for its members, its own for an enterprise."""
    reach = reach_of(user)
    if reach.everything:
        return Q()
    if user.role == Role.ENTERPRISE:
        return Q(pk__in=reach.enterprises)
    if not reach.boards:
        return Q(pk__in=[])
    return Q(zone__board__in=reach.boards)


def enterprises_with_levels(user, action=Action.VIEW):
    """Enterprises whose level the user may see, each annotated with its current level and date."""
    if not role_allows(user, EnterpriseLevel, action):
        return Enterprise.objects.none()
    latest = EnterpriseLevel.objects.filter(enterprise=OuterRef("pk")).order_by("-effective_date", "-pk")
    return (Enterprise.objects.filter(visible_enterprises_q(user)).select_related("zone")
            .annotate(current_level=Subquery(latest.values("level")[:1]),
                      level_since=Subquery(latest.values("effective_date")[:1]))
            # 0 for "not set yet", so that sorting puts them after level 1 on every database.
            .annotate(level_sort=Coalesce("current_level", 0)))


def settable_zone_ids(user):
    """Ids of the zones whose level the user may set (and of whose enterprises)."""
    from .scope import level_setter_q

    if not role_allows(user, ZoneLevel, Action.ADD):
        return set()
    return set(Zone.objects.filter(level_setter_q(user, "pk") or Q()).values_list("pk", flat=True))


def may_set_level(user, enterprise=None, zone=None):
    """Whether the user may set this enterprise's (or zone's) level: its monitoring department or a leader."""
    from .scope import level_setter_q

    model = ZoneLevel if zone is not None else EnterpriseLevel
    if not role_allows(user, model, Action.ADD):
        return False
    if zone is not None:
        return Zone.objects.filter(pk=zone.pk).filter(level_setter_q(user, "pk") or Q()).exists()
    return Enterprise.objects.filter(pk=enterprise.pk).filter(level_setter_q(user, "zone") or Q()).exists()
