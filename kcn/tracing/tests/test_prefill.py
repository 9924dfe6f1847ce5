"""The daily report starts from the enterprise's F0s and its confirmed, still-followed F1–F3."""

import datetime

from kcn.reporting.prefill import prefill_values
from kcn.reporting.tests.factories import daily_schedule
from kcn.tracing import services
from kcn.tracing.choices import Decision
from kcn.tracing.models import Contact


def _version():
    return daily_schedule(["HNA-DV2"]).template.current_version()


def _cases(version, enterprise, day):
    """The F0–F3 part of the pre-filled values (other apps add workforce and returnees)."""
    values = prefill_values(version=version, enterprise=enterprise, day=day)
    return {code: values[code] for code in ("f0", "f1", "f2", "f3") if code in values}


def test_f0_and_confirmed_contacts_fill_the_daily_report(own, neighbour, floor, today, user_named):
    officer = user_named("truongphong")  # monitors KCN Đồng Văn II
    version = _version()
    assert _cases(version, own, today) == {"f0": 0, "f1": 0, "f2": 0, "f3": 0}

    case = services.case_record(user=officer, identity_number=floor["An"].identity_number,
                                positive_test_date=today - datetime.timedelta(days=1))
    # Proposed only: nobody counts until an officer confirms.
    assert prefill_values(version=version, enterprise=own, day=today)["f1"] == 0
    contacts = Contact.objects.filter(case=case)
    services.contacts_decide(user=officer, contact_ids=[c.pk for c in contacts.filter(generation=1)],
                             decision=Decision.CONFIRMED)
    own_f1 = contacts.filter(generation=1, enterprise=own, decision=Decision.CONFIRMED).count()
    assert own_f1 >= 1
    assert _cases(version, own, today) == {"f0": 1, "f1": own_f1, "f2": 0, "f3": 0}
    # The day before the positive test KCN knew of no case.
    assert prefill_values(version=version, enterprise=own, day=today - datetime.timedelta(days=2))["f0"] == 0
    # The neighbour's own figures hold only its own people.
    assert prefill_values(version=version, enterprise=neighbour, day=today)["f0"] == 0


def test_nothing_is_prefilled_without_a_worker_list(demo):
    from kcn.registry.models import Enterprise

    bare = Enterprise.objects.filter(zone__code="HNA-DV2", workers__isnull=True).first()
    assert _cases(_version(), bare, datetime.date(2026, 1, 1)) == {}
