"""Reads of the registry that pages and the API share; every one takes the acting user's scope."""

from django.db.models import Count, Sum

from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.core.text import search_key

from .models import Enterprise, LegacyProvince, Province, Zone, ZoneAssignment


def zone_map_data(zones):
    """GeoJSON FeatureCollection of zones (point, and boundary when known) for Leaflet."""
    features = []
    for zone in zones:
        if zone.latitude is None or zone.longitude is None:
            continue
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(zone.longitude), float(zone.latitude)]},
            "properties": {"name": zone.name, "url": zone.get_absolute_url()},
        })
        if zone.boundary:
            boundary = zone.boundary
            geometry = boundary.get("geometry", boundary) if boundary.get("type") == "Feature" else boundary
            if geometry.get("type") in ("Polygon", "MultiPolygon"):
                features.append({"type": "Feature", "geometry": geometry, "properties": {"name": zone.name}})
    return {"type": "FeatureCollection", "features": features}


def zone_overview(user):
    """Zones the user sees with their enterprise count, workforce and monitoring department."""
    zones = list(
        Zone.objects.restrict(user, Action.VIEW)
        .annotate(enterprise_count=Count("enterprises"), workforce=Sum("enterprises__workforce"))
        .order_by("name")
    )
    departments = dict(
        ZoneAssignment.objects.current().filter(zone__in=[z.pk for z in zones])
        .values_list("zone_id", "department__name")
    )
    for zone in zones:
        zone.department_name = departments.get(zone.pk, "")
    return zones


def enterprise_totals(user):
    enterprises = Enterprise.objects.restrict(user, Action.VIEW)
    return enterprises.aggregate(count=Count("pk"), workforce=Sum("workforce"))


def deleted_enterprises(user):
    """Deletion records of enterprises that are still gone, in zones where the user may add one."""
    if not role_allows(user, Enterprise, Action.ADD):
        return Enterprise.history.none()
    zones = Zone.objects.restrict(user, Action.VIEW).values("pk")
    return (Enterprise.history.filter(history_type="-", zone_id__in=zones)
            .exclude(id__in=Enterprise.objects.values("id"))
            .select_related("history_user").order_by("-history_date"))


def province_named(name):
    """The current province for a name, old or new: "Hà Nam" → (Ninh Bình, Hà Nam).

    Returns (province, legacy_province or None), or (None, None). Case and tone marks are ignored,
    and so are the prefixes "tỉnh" and "thành phố", as names are written every which way.
    """
    wanted = _province_key(name)
    if not wanted:
        return None, None
    for province in Province.objects.all():
        if _province_key(province.name) == wanted:
            return province, None
    for legacy in LegacyProvince.objects.select_related("successor"):
        if _province_key(legacy.name) == wanted:
            return legacy.successor, legacy
    return None, None


def _province_key(name):
    key = search_key(name)
    for prefix in ("tinh ", "thanh pho ", "tp. ", "tp "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    return key.replace("-", " ").replace("  ", " ").strip()
