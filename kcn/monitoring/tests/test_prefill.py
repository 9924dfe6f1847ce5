"""The daily report starts from the returnees KCN knows are under monitoring that day."""

import datetime

from kcn.monitoring import services
from kcn.reporting.prefill import prefill_values
from kcn.reporting.tests.factories import daily_schedule


def _declare(user, worker, area, return_date):
    return services.travel_declare(user=user, data={"worker": worker, "area": area, "return_date": return_date})


def test_returnees_in_their_period_fill_the_daily_report(ent_dv2, workers_dv2, area, today, user_named):
    version = daily_schedule(["HNA-DV2"]).template.current_version()
    assert "returnees" not in prefill_values(version=version, enterprise=ent_dv2, day=today)  # nothing declared

    user = user_named("doanhnghiep")
    _declare(user, workers_dv2[0], area, today - datetime.timedelta(days=3))  # quarantine (14 days)
    _declare(user, workers_dv2[1], area, today - datetime.timedelta(days=18))  # self-isolation (days 15–21)
    _declare(user, workers_dv2[2], area, today - datetime.timedelta(days=25))  # monitoring over
    assert prefill_values(version=version, enterprise=ent_dv2, day=today)["returnees"] == 2
    # A day in the past counts the returnees of that day: the first had not come back yet.
    assert prefill_values(version=version, enterprise=ent_dv2, day=today - datetime.timedelta(days=5))[
        "returnees"] == 2  # the 2nd (in quarantine) and the 3rd (last day of self-isolation)
