"""The daily report starts from the enterprise's workforce on its uploaded list."""

import datetime

from django.utils import timezone

from kcn.registry.models import EnterpriseUser
from kcn.reporting.prefill import prefill_values
from kcn.reporting.tests.factories import daily_schedule
from kcn.workers import services

from .helpers import person, xlsx_file


def _upload(user, enterprise, people):
    services.worker_import(user=user, enterprise=enterprise, file=xlsx_file(people, tax_code=enterprise.tax_code),
                           file_name="ds.xlsx")


def test_workforce_comes_from_the_worker_list(demo, user_named):
    user = user_named("doanhnghiep")
    enterprise = EnterpriseUser.objects.get(user=user).enterprise
    enterprise.workers.all().delete()  # whatever the demo gave it
    version = daily_schedule(["HNA-DV2"]).template.current_version()
    today = timezone.localdate()
    assert "workforce" not in prefill_values(version=version, enterprise=enterprise, day=today)  # no list yet

    _upload(user, enterprise, [person(n) for n in range(1, 6)])
    assert prefill_values(version=version, enterprise=enterprise, day=today)["workforce"] == 5
    _upload(user, enterprise, [person(n) for n in range(1, 4)])  # two have left today
    assert prefill_values(version=version, enterprise=enterprise, day=today)["workforce"] == 3
    # Before the list was uploaded KCN knew none of them.
    assert prefill_values(version=version, enterprise=enterprise,
                          day=today - datetime.timedelta(days=1))["workforce"] == 0
