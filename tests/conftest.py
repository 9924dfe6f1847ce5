"""Fixtures shared by the permission-matrix tests: the demo board and a second board (Hải Phòng)
whose objects are out of every role's scope but the administrator's."""

import datetime

import pytest

from kcn.accounts.models import User
from kcn.registry.models import (
    Board,
    Department,
    Enterprise,
    EnterpriseUser,
    LegacyProvince,
    Observer,
    Oversight,
    Province,
    Staff,
    Zone,
    ZoneAssignment,
)
from kcn.registry.validators import tax_code_check_digit

ROLES = ["admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat", "quanlychuongtrinh",
         "giangvien", "hocvien"]


def _valid_tax_code(prefix):
    for n in range(1000000, 9999999):
        nine = f"{prefix}{n}"[:9]
        check = tax_code_check_digit(nine)
        if check is not None:
            return nine + str(check)
    raise AssertionError


@pytest.fixture
def objects(demo):
    """Name → object: the demo board's objects and a second board's, out of everyone's scope but admin's."""
    hai_phong = Province.objects.get(code=31)
    board = Board.objects.create(name="Ban Quản lý Khu kinh tế Hải Phòng", province=hai_phong,
                                 legacy_province=LegacyProvince.objects.get(code=31))
    dept_hp = Department.objects.create(board=board, name="Phòng Quản lý doanh nghiệp", kind="enterprise")
    zone_hp = Zone.objects.create(board=board, code="HP-NV", name="KCN Nomura", province=hai_phong)
    assign_hp = ZoneAssignment.objects.create(zone=zone_hp, department=dept_hp, start_date=datetime.date(2024, 1, 1))
    leader = User.objects.create(username="hp.lanhdao", role="board_leader")
    staff_hp = Staff.objects.create(user=leader, board=board, position="deputy_head")
    oversight_hp = Oversight.objects.create(deputy=staff_hp, department=dept_hp, start_date=datetime.date(2024, 1, 1))
    ent_hp = Enterprise.objects.create(tax_code=_valid_tax_code("02009"), name="Công ty TNHH Hải Cảng",
                                       zone=zone_hp, workforce=120)
    eu_hp = EnterpriseUser.objects.create(
        user=User.objects.create(username="hp.doanhnghiep", role="enterprise"), enterprise=ent_hp)
    obs_hp = Observer.objects.create(user=User.objects.create(username="hp.quansat", role="observer"), board=board)
    zone_dv2, zone_cs = Zone.objects.get(code="HNA-DV2"), Zone.objects.get(code="HNA-CS")
    ent_dv2 = Enterprise.objects.get(user_links__user__username="doanhnghiep")
    ent_cs = Enterprise.objects.filter(zone=zone_cs).order_by("pk").first()
    return {
        "zone_dv2": zone_dv2, "zone_cs": zone_cs, "zone_hp": zone_hp,
        "ent_dv2": ent_dv2, "ent_cs": ent_cs, "ent_hp": ent_hp,
        "dept_qldn": Department.objects.get(name="Phòng Quản lý doanh nghiệp", board__zones=zone_dv2),
        "dept_hp": dept_hp,
        "staff_canbo": Staff.objects.get(user__username="canbo"), "staff_hp": staff_hp,
        "assign_cs": ZoneAssignment.objects.get(zone=zone_cs),
        "assign_dv2": ZoneAssignment.objects.get(zone=zone_dv2), "assign_hp": assign_hp,
        "oversight_hn": Oversight.objects.filter(department__board__zones=zone_dv2).first(),
        "oversight_hp": oversight_hp,
        "eu_dv2": EnterpriseUser.objects.get(user__username="doanhnghiep"), "eu_hp": eu_hp,
        "obs_hn": Observer.objects.get(user__username="quansat"), "obs_hp": obs_hp,
    }
