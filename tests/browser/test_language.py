"""The language switch: Vietnamese by default, English on request, remembered on the user's profile."""

from playwright.sync_api import expect

from kcn.accounts.models import User

from .conftest import login_as, main_menu


def test_switching_to_english_is_remembered_on_the_profile(page, new_page, live_server):
    login_as(page, live_server, "canbo")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.click("#user-menu")
    expect(page.locator("#logout-button")).to_have_text("Đăng xuất")

    page.click("#switch-en")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#switch-vi")).to_be_visible()
    expect(page.locator("#switch-vi")).to_have_text("Tiếng Việt")
    expect(page.locator("#switch-en")).to_have_count(0)
    expect(page.locator("#home-role")).to_be_visible()  # back on the page it was switched from
    assert User.objects.get(username="canbo").language == "en"

    page.click("#user-menu")
    page.click("#logout-button")
    expect(page.locator("#login-button")).to_be_visible()

    # A browser that never saw the language cookie: the choice comes from the profile alone.
    elsewhere = new_page()
    elsewhere.goto("/accounts/login/")
    expect(elsewhere.locator("html")).to_have_attribute("lang", "vi")
    login_as(elsewhere, live_server, "canbo")
    expect(elsewhere.locator("html")).to_have_attribute("lang", "en")
    expect(elsewhere.locator("#switch-vi")).to_be_visible()

    elsewhere.click("#switch-vi")
    expect(elsewhere.locator("html")).to_have_attribute("lang", "vi")
    assert User.objects.get(username="canbo").language == "vi"


def test_english_pages_use_the_english_catalogue(page, live_server):
    # Depends on the English catalogue (kcn/locale/en/LC_MESSAGES/django.po, compiled by
    # `make messages`): without it the page says lang="en" but keeps the Vietnamese source texts.
    login_as(page, live_server, "canbo")
    page.click("#switch-en")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    expect(main_menu(page).get_by_text("Enterprises", exact=True)).to_be_visible()
    expect(main_menu(page).get_by_text("Doanh nghiệp", exact=True)).to_have_count(0)
