"""Fixtures shared by reporting's tests. Each test module defines its own ``schedule`` (which
zones report); ``period`` opens today's period of it."""

import pytest
from django.utils import timezone

from kcn.registry.models import Department, EnterpriseUser
from kcn.reporting.services import period_ensure


@pytest.fixture
def period(schedule):
    return period_ensure(schedule=schedule, around=timezone.localdate())[0]


@pytest.fixture
def own(user_named):
    """The enterprise the demo's ``doanhnghiep`` represents (in KCN Đồng Văn II)."""
    return EnterpriseUser.objects.get(user=user_named("doanhnghiep")).enterprise


@pytest.fixture
def qldn(demo):
    """Phòng Quản lý doanh nghiệp: monitors KCN Đồng Văn II and III and consolidates the board."""
    return Department.objects.get(name="Phòng Quản lý doanh nghiệp")


@pytest.fixture
def qlmt(demo):
    """Phòng Quản lý môi trường: monitors KCN Châu Sơn and Thanh Liêm."""
    return Department.objects.get(name="Phòng Quản lý môi trường")
