"""Fixtures of the monitoring tests: workers of two demo enterprises and an outbreak area."""

import datetime

import pytest
from django.utils import timezone

from kcn.accounts.models import User
from kcn.monitoring import services
from kcn.registry.models import Board, Enterprise, Province, Zone
from kcn.workers.models import Worker


def make_workers(enterprise, count, start=0, prefix="0351"):
    rows = [Worker(enterprise=enterprise, identity_number=f"{prefix}{enterprise.pk:04d}{start + n:04d}",
                   full_name=f"Nguyễn Văn Thợ {start + n:03d}", search_text=f"nguyen van tho {start + n:03d}")
            for n in range(count)]
    Worker.objects.bulk_create(rows)
    return list(Worker.objects.filter(enterprise=enterprise).order_by("pk"))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def board(demo):
    return Board.objects.get(name__contains="Hà Nam")


@pytest.fixture
def ent_dv2(demo):
    return Enterprise.objects.get(user_links__user__username="doanhnghiep")


@pytest.fixture
def ent_cs(demo):
    return Enterprise.objects.filter(zone__code="HNA-CS").order_by("pk").first()


@pytest.fixture
def workers_dv2(ent_dv2):
    return make_workers(ent_dv2, 5)


@pytest.fixture
def workers_cs(ent_cs):
    return make_workers(ent_cs, 3)


@pytest.fixture
def leader():
    return User.objects.get(username="lanhdao")


@pytest.fixture
def area(board, leader, today):
    ha_noi = Province.objects.get(code=1)
    return services.area_save(user=leader, data={
        "board": board, "province": ha_noi, "commune": ha_noi.communes.order_by("code").first(),
        "start_date": today - datetime.timedelta(days=30), "end_date": None,
        "quarantine_days": 14, "self_isolation_days": 7, "source": "Thông báo số 12/TB-SYT",
    })


@pytest.fixture
def zone_dv2(demo):
    return Zone.objects.get(code="HNA-DV2")
