"""The demo loader: a confirmed chain in the demo enterprise, with or without the workers demo."""

import pytest

from kcn.tracing.choices import Decision
from kcn.tracing.demo import load_tracing_demo
from kcn.tracing.models import Case, Contact

pytestmark = pytest.mark.django_db


def test_demo_builds_a_confirmed_chain_once(demo, rule, login):
    line = load_tracing_demo(demo)
    assert line and line.startswith("Truy vết mẫu")
    assert load_tracing_demo(demo) is None  # a second run changes nothing
    first = Case.objects.order_by("pk").first()
    assert Case.objects.count() == 2  # the F0, and the F1 who tested positive
    assert Case.objects.filter(source_contact__isnull=False).count() == 1
    assert Contact.objects.filter(case=first, generation=1, decision=Decision.CONFIRMED).count() >= 3
    page = login("truongphong").get(first.get_absolute_url())
    assert page.status_code == 200 and "chain-graph" in page.content.decode()


def test_demo_uses_existing_workers(demo, rule, own):
    from .factories import make_workers

    make_workers(own, [{"full_name": "Người có sẵn", "team": "Tổ 1", "shift": "Ca 1"},
                       {"full_name": "Đồng nghiệp có sẵn", "team": "Tổ 1", "shift": "Ca 1"}])
    load_tracing_demo(demo)
    assert Case.objects.order_by("pk").first().worker.full_name == "Người có sẵn"
