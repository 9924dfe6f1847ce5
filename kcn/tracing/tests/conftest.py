"""Fixtures of tracing's tests: a small factory floor in KCN Đồng Văn II (the demo enterprise
of ``doanhnghiep``, monitored by Phòng Quản lý doanh nghiệp), a neighbour in the same zone sharing
its dormitory and bus, and an enterprise in KCN Châu Sơn (Phòng Quản lý môi trường)."""

import datetime

import pytest
from django.utils import timezone

from kcn.registry.models import Enterprise, EnterpriseUser

from .factories import ensure_default_rule, make_workers


@pytest.fixture
def rule(db):
    ensure_default_rule()
    from kcn.tracing.models import TracingRule

    return TracingRule.objects.get(version=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def own(demo, user_named):
    return EnterpriseUser.objects.get(user=user_named("doanhnghiep")).enterprise


@pytest.fixture
def neighbour(own):
    return Enterprise.objects.filter(zone=own.zone).exclude(pk=own.pk).order_by("pk").first()


@pytest.fixture
def chau_son(demo):
    return Enterprise.objects.filter(zone__code="HNA-CS").order_by("pk").first()


@pytest.fixture
def floor(own, neighbour, chau_son, rule, today):
    """Name → worker. The chain: An (F0) — team T1 shift 1 — Bình; Bình shares room A/101 with
    Cường of the neighbour (F2); Cường rides bus X in shift 1 with Dung (F3); Dung's teammate Em
    would be F4 (not traced). Hoa worked in T1 but left a month ago; Khoa lives in a room A/101 of
    KCN Châu Sơn (another zone)."""
    left = today - datetime.timedelta(days=30)
    own_rows = [
        {"full_name": "Nguyễn Văn An", "team": "Tổ 1", "shift": "Ca 1", "production_line": "Dây chuyền 1"},
        {"full_name": "Trần Thị Bình", "team": "Tổ 1", "shift": "Ca 1", "dormitory": "Khu A", "room": "101"},
        {"full_name": "Lê Văn Giang", "team": "Tổ 2", "shift": "Ca 1", "production_line": "Dây chuyền 1"},
        {"full_name": "Phạm Thị Hoa", "team": "Tổ 1", "shift": "Ca 1", "left_on": left},
        {"full_name": "Vũ Minh Ích", "team": "Tổ 2", "shift": "Ca 2", "production_line": "Dây chuyền 1"},
    ]
    neighbour_rows = [
        {"full_name": "Đỗ Văn Cường", "team": "Tổ 9", "shift": "Ca 1", "dormitory": "Khu A", "room": "101",
         "bus_route": "Tuyến X"},
        {"full_name": "Bùi Thị Dung", "team": "Tổ 8", "shift": "Ca 1", "bus_route": "Tuyến X"},
        {"full_name": "Hoàng Văn Em", "team": "Tổ 8", "shift": "Ca 1"},
        {"full_name": "Ngô Thị Phúc", "team": "Tổ 9", "shift": "Ca 2", "bus_route": "Tuyến X"},
    ]
    other_zone_rows = [{"full_name": "Tạ Văn Khoa", "dormitory": "Khu A", "room": "101"}]
    workers = [*make_workers(own, own_rows), *make_workers(neighbour, neighbour_rows),
               *make_workers(chau_son, other_zone_rows)]
    return {worker.full_name.split()[-1]: worker for worker in workers}
