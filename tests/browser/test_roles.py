"""Each role logs in through the login form and lands on its own home page, seeing only its scope."""

import pytest
from playwright.sync_api import expect

from kcn.accounts.choices import Role
from kcn.registry.demo import ZONES
from kcn.registry.models import Enterprise, EnterpriseUser

from .conftest import column_texts, login_as, main_menu

ROLES = [
    ("admin", Role.ADMIN),
    ("lanhdao", Role.BOARD_LEADER),
    ("truongphong", Role.DEPARTMENT_HEAD),
    ("canbo", Role.DEPARTMENT_OFFICER),
    ("doanhnghiep", Role.ENTERPRISE),
    ("quansat", Role.OBSERVER),
    ("quanlychuongtrinh", Role.PROGRAMME_MANAGER),
    ("giangvien", Role.TRAINER),
    ("hocvien", Role.TRAINEE),
]
CANBO_ZONES = ["KCN Châu Sơn", "KCN Thanh Liêm"]


@pytest.mark.parametrize(("username", "role"), ROLES, ids=[username for username, _ in ROLES])
def test_each_role_lands_on_its_home_page(page, live_server, username, role):
    login_as(page, live_server, username)

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("#home-role")).to_have_attribute("data-role", role.value)
    expect(page.locator("#home-role")).to_contain_text(str(role.label))


def test_login_with_a_wrong_password_is_refused(page, live_server):
    page.goto("/accounts/login/")
    page.fill("#id_username", "canbo")
    page.fill("#id_password", "not-the-password")
    page.click("#login-button")

    expect(page.locator("#login-error")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    expect(page.locator("#home-role")).to_have_count(0)


def test_board_leader_sees_every_zone_of_the_board(page, live_server):
    login_as(page, live_server, "lanhdao")

    rows = page.locator("#home-zones tbody tr")
    expect(rows).to_have_count(7)
    assert sorted(column_texts(page, "#home-zones", "Khu công nghiệp")) == sorted(zone[1] for zone in ZONES)


def test_officer_sees_only_the_zones_of_their_department(page, live_server):
    login_as(page, live_server, "canbo")

    expect(page.locator("#home-zones tbody tr")).to_have_count(2)
    assert sorted(column_texts(page, "#home-zones", "Khu công nghiệp")) == CANBO_ZONES
    expect(page.locator("#home-zones")).not_to_contain_text("KCN Đồng Văn II")


def test_enterprise_sees_its_own_enterprise_and_no_user_admin(page, live_server):
    own = EnterpriseUser.objects.select_related("enterprise").get(user__username="doanhnghiep").enterprise
    login_as(page, live_server, "doanhnghiep")

    panel = page.locator("#panel-enterprise")
    expect(panel).to_be_visible()
    expect(panel.locator("a.fw-bold")).to_have_count(1)
    expect(panel.locator("a.fw-bold")).to_have_text(own.name)
    expect(panel).to_contain_text(own.tax_code)
    expect(page.locator("#panel-zones")).to_have_count(0)
    expect(main_menu(page).get_by_text("Người dùng", exact=True)).to_have_count(0)


def test_officer_enterprise_list_holds_only_their_zones(page, live_server):
    expected = Enterprise.objects.filter(zone__name__in=CANBO_ZONES).count()
    assert 0 < expected < Enterprise.objects.count()
    login_as(page, live_server, "canbo")

    main_menu(page).get_by_text("Doanh nghiệp", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/registry/enterprises/")
    expect(page.locator("#result-count")).to_contain_text(f"{expected} kết quả")
    zones = column_texts(page, "#object-list", "Khu công nghiệp")
    assert zones, "the list shows no enterprise"
    assert set(zones) <= set(CANBO_ZONES)


def test_officer_gets_not_found_for_an_enterprise_outside_their_zones(page, live_server):
    outside = Enterprise.objects.filter(zone__code="HNA-DV2").first()
    missing_id = Enterprise.objects.order_by("-pk").first().pk + 1000
    login_as(page, live_server, "canbo")

    missing = page.goto(f"/registry/enterprises/{missing_id}/")
    assert missing.status == 404
    missing_body = page.locator("body").inner_text()

    response = page.goto(f"/registry/enterprises/{outside.pk}/")
    assert response.status == 404
    # Not allowed looks exactly like not found, so ids cannot be probed.
    assert page.locator("body").inner_text() == missing_body
    expect(page.locator("body")).not_to_contain_text(outside.name)

    response = page.goto(f"/registry/enterprises/{outside.pk}/edit/")
    assert response.status == 404


def test_trainer_has_no_enterprise_registry(page, live_server):
    login_as(page, live_server, "giangvien")

    expect(main_menu(page).get_by_text("Doanh nghiệp", exact=True)).to_have_count(0)
    response = page.goto("/registry/enterprises/")
    assert response.status == 404


def test_admin_manages_users(page, live_server):
    login_as(page, live_server, "admin")

    # Users sit with the board's organisation under the "Tổ chức" drop-down.
    main_menu(page).get_by_text("Tổ chức", exact=True).click()
    users = main_menu(page).get_by_text("Người dùng", exact=True)
    expect(users).to_be_visible()
    users.click()
    expect(page).to_have_url(f"{live_server.url}/accounts/users/")
    expect(page.locator("#object-list")).to_contain_text("canbo")
