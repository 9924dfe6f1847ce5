"""A zone's page: who monitors it, its enterprises, where it is (then and now) and its map."""

from playwright.sync_api import expect

from kcn.registry.models import Enterprise

from .conftest import login_as


def test_zone_page_shows_department_enterprises_location_and_map(page, live_server):
    enterprises = Enterprise.objects.filter(zone__code="HNA-DV2")
    login_as(page, live_server, "lanhdao")

    page.locator("#home-zones").get_by_role("link", name="KCN Đồng Văn II", exact=True).click()

    expect(page.locator("#object-title")).to_have_text("KCN Đồng Văn II")
    expect(page.locator("#zone-department")).to_contain_text("Phòng Quản lý doanh nghiệp")
    expect(page.locator("#zone-enterprises")).to_contain_text(f"{enterprises.count()} doanh nghiệp")
    expect(page.locator("#zone-enterprises tbody tr")).to_have_count(enterprises.count())
    for enterprise in enterprises:
        expect(page.locator("#zone-enterprises")).to_contain_text(enterprise.name)
    expect(page.locator("#zone-location")).to_contain_text("Ninh Bình")
    expect(page.locator("#zone-location")).to_contain_text("Hà Nam")  # the province before 01/07/2025

    # Leaflet drew the map (no tile server: the zone is a circle marker on a plain background).
    expect(page.locator("#zone-map.leaflet-container")).to_be_visible()
    expect(page.locator("#zone-map path.leaflet-interactive")).to_have_count(1)
    expect(page.locator("#zone-map .leaflet-tooltip")).to_contain_text("KCN Đồng Văn II")


def test_pages_load_their_vendored_assets_and_nothing_from_elsewhere(page, live_server):
    requested, failed = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    login_as(page, live_server, "lanhdao")
    page.wait_for_load_state("networkidle")

    # Bootstrap's CSS and JS, htmx and Leaflet all run on the home page.
    assert page.evaluate("typeof bootstrap") == "object", "Bootstrap's JavaScript did not load"
    assert page.evaluate("typeof htmx") == "object", "htmx did not load"
    assert page.evaluate("typeof L") == "object", "Leaflet did not load"
    assert page.evaluate("getComputedStyle(document.querySelector('nav.navbar')).display") == "flex"
    expect(page.locator("#home-map.leaflet-container")).to_be_visible()

    assert [url for url in failed if "/static/" in url] == []
    # No CDN: boards often run on closed networks.
    outside = [url for url in requested if not url.startswith((live_server.url, "data:", "blob:"))]
    assert outside == []
