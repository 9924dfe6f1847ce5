"""A report starts from the figures KCN already knows (worker registry, declarations, cases);
what a person saved is never replaced by them."""

import datetime

import pytest
from django.urls import reverse

from kcn.reporting import prefill, services
from kcn.reporting.tests.factories import daily_schedule


@pytest.fixture
def schedule(demo):
    return daily_schedule(["HNA-DV2"], due_time=datetime.time(16, 0))


@pytest.fixture
def known(monkeypatch):
    """A provider that knows the workforce and F0 of every enterprise, and a code no field has."""
    calls = []

    def provider(enterprise, day):
        calls.append((enterprise.pk, day))
        return {"workforce": 1234, "f0": 2, "no_such_field": 9, "f1": None}

    monkeypatch.setattr(prefill, "_PROVIDERS", [])
    prefill.register(provider)
    prefill.register(provider)  # registering twice keeps one
    return calls


def _fill_url(period, enterprise):
    return reverse("reporting:report_fill", args=[period.pk, enterprise.pk])


def test_an_empty_report_starts_from_the_known_figures(period, own, login, known):
    html = login("doanhnghiep").get(_fill_url(period, own)).content.decode()
    assert 'value="1.234"' in html and 'name="f0"' in html
    assert 'id="prefilled-note"' in html
    assert "Tổng số lao động" in html.split('id="prefilled-note"')[1].split("</div>")[0]
    assert known == [(own.pk, period.end)]  # once, for the enterprise and the period's day


def test_a_saved_draft_is_never_replaced(period, own, login, known, user_named):
    services.submission_save_draft(user=user_named("doanhnghiep"), period=period, enterprise=own,
                                   values={"workforce": 900})
    html = login("doanhnghiep").get(_fill_url(period, own)).content.decode()
    assert 'value="900"' in html and 'value="1.234"' not in html
    assert 'id="prefilled-note"' not in html


def test_no_provider_no_note(period, own, login, monkeypatch):
    monkeypatch.setattr(prefill, "_PROVIDERS", [])
    html = login("doanhnghiep").get(_fill_url(period, own)).content.decode()
    assert 'id="prefilled-note"' not in html


def test_api_prefill_follows_scope(period, own, api, known):
    url = reverse("reporting-api:submission-prefill")
    answer = api("doanhnghiep").get(url, {"period": period.pk, "enterprise": own.pk})
    assert answer.status_code == 200
    assert answer.json() == {"values": {"workforce": 1234, "f0": 2}}
    # An enterprise of another zone: not found, as anything out of scope.
    other = type(own).objects.exclude(zone=own.zone).first()
    assert api("doanhnghiep").get(url, {"period": period.pk, "enterprise": other.pk}).status_code == 404
    # A board leader does not fill reports: no pre-filled values either (404, as for submitting).
    assert api("lanhdao").get(url, {"period": period.pk, "enterprise": own.pk}).status_code == 404
    assert api("doanhnghiep").get(url, {"period": "x"}).status_code == 400
