"""Reads of the registry that pages and the API share; every one takes the acting user's scope."""

from django.db.models import Count, Sum

from kcn.core.choices import Action

from .models import Enterprise, Zone, ZoneAssignment


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
