"""Demo data: the Hà Nam board of plan 16/KH-BQLKCN (3 May 2021), its zones and departments.

The board, its seven zones, the Office and the four departments, who oversees which department
and which department monitors which zone are as the plan says. People's names are invented,
and so are the enterprises (with valid tax codes). Running it twice changes nothing.
"""

import datetime
import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from kcn.accounts.choices import Role
from kcn.accounts.models import User

from .choices import DepartmentKind, EnterpriseStatus, Position, Sector, ZoneStatus
from .models import (
    Board,
    Commune,
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
from .validators import tax_code_check_digit

DEMO_PASSWORD = "kcn-demo-2026"
PLAN_DATE = datetime.date(2021, 5, 3)

DEPARTMENTS = [
    ("VP", "Văn phòng", DepartmentKind.OFFICE, False),
    ("QLDN", "Phòng Quản lý doanh nghiệp", DepartmentKind.ENTERPRISE, True),
    ("QLĐT", "Phòng Quản lý Đầu tư", DepartmentKind.INVESTMENT, False),
    ("QLMT", "Phòng Quản lý môi trường", DepartmentKind.ENVIRONMENT, False),
    ("QHXD", "Phòng Quản lý Quy hoạch xây dựng", DepartmentKind.PLANNING, False),
]

# code, name, commune, area (ha), occupancy (%), developer, latitude, longitude, department
ZONES = [
    ("HNA-DV1", "KCN Đồng Văn I", "Phường Đồng Văn", 126, 100, "Công ty Phát triển hạ tầng các KCN Hà Nam",
     20.6455, 105.9101, "VP"),
    ("HNA-DV2", "KCN Đồng Văn II", "Phường Đồng Văn", 320, 98, "Công ty Phát triển hạ tầng các KCN Hà Nam",
     20.6572, 105.9233, "QLDN"),
    ("HNA-DV3", "KCN Đồng Văn III", "Phường Duy Tân", 284, 82, "Công ty CP Đầu tư hạ tầng Đồng Văn III",
     20.6128, 105.9412, "QLDN"),
    ("HNA-DV4", "KCN Đồng Văn IV", "Phường Lê Hồ", 568, 65, "Công ty CP Đầu tư và Phát triển KCN Đồng Văn IV",
     20.6041, 105.8702, "QLĐT"),
    ("HNA-CS", "KCN Châu Sơn", "Phường Châu Sơn", 170, 95, "Công ty Phát triển hạ tầng các KCN Hà Nam",
     20.5267, 105.8935, "QLMT"),
    ("HNA-TL", "KCN Thanh Liêm", "Xã Thanh Liêm", 200, 40, "Công ty CP Đầu tư hạ tầng KCN Thanh Liêm",
     20.4571, 105.9280, "QLMT"),
    ("HNA-HM", "KCN Hòa Mạc", "Phường Duy Hà", 200, 55, "Công ty CP Đầu tư hạ tầng KCN Hòa Mạc",
     20.6330, 106.0012, "QHXD"),
]

# username, full name, role, department code (None = leadership), position
PEOPLE = [
    ("lanhdao", "Lê Minh Đức", Role.BOARD_LEADER, None, Position.HEAD),
    ("photruongban1", "Nguyễn Văn Hải", Role.BOARD_LEADER, None, Position.DEPUTY_HEAD),
    ("photruongban2", "Trần Quốc Bình", Role.BOARD_LEADER, None, Position.DEPUTY_HEAD),
    ("chanhvanphong", "Đỗ Thị Hạnh", Role.DEPARTMENT_HEAD, "VP", Position.CHIEF_OF_OFFICE),
    ("truongphong", "Phạm Thu Trang", Role.DEPARTMENT_HEAD, "QLDN", Position.DEPARTMENT_HEAD),
    ("truongphong.moitruong", "Ngô Văn Thắng", Role.DEPARTMENT_HEAD, "QLMT", Position.DEPARTMENT_HEAD),
    ("truongphong.dautu", "Lương Thị Hằng", Role.DEPARTMENT_HEAD, "QLĐT", Position.DEPARTMENT_HEAD),
    ("truongphong.quyhoach", "Tạ Minh Khoa", Role.DEPARTMENT_HEAD, "QHXD", Position.DEPARTMENT_HEAD),
    ("canbo", "Vũ Đức Anh", Role.DEPARTMENT_OFFICER, "QLMT", Position.OFFICER),
    ("canbo.dautu", "Hoàng Thị Mai", Role.DEPARTMENT_OFFICER, "QLĐT", Position.OFFICER),
]

# Plan 16, II.1: the first deputy directs QLDN and QLMT; the second QLĐT, QHXD and the Office.
OVERSIGHT = {"photruongban1": ["QLDN", "QLMT"], "photruongban2": ["QLĐT", "QHXD", "VP"]}

OTHER_USERS = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, "Ban Quản lý các KCN tỉnh Hà Nam"),
    ("doanhnghiep", "Kim Min-jun", Role.ENTERPRISE, ""),
    ("quansat", "Bùi Văn Tâm", Role.OBSERVER, "UBND tỉnh – Ban chỉ đạo phòng chống dịch"),
    ("quanlychuongtrinh", "Ngô Thị Lan", Role.PROGRAMME_MANAGER, "Bộ Công Thương – Văn phòng SXSH"),
    ("giangvien", "Đặng Quang Huy", Role.TRAINER, "Trung tâm Sản xuất sạch Việt Nam"),
    ("hocvien", "Lý Thị Hoa", Role.TRAINEE, "Trung tâm Khuyến công tỉnh Ninh Bình"),
]

_PREFIXES = ["Công ty TNHH", "Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV"]
_STEMS = ["Hòa Phát", "Sao Mai", "Minh Long", "Đông Á", "Thành Công", "Phú Thịnh", "An Khang", "Việt Tiến",
          "Hưng Thịnh", "Nam Sơn", "Kim Long", "Tân Phát", "Trường Thành", "Bảo Ngọc", "Đại Dương", "Hoàng Gia"]
_FOREIGN = [("KR", ["Sungwoo", "Daewon", "Hanil", "Seojin", "Kumho", "Dongil"]),
            ("JP", ["Yamato", "Nichirin", "Sanko", "Toyoda", "Hokuto", "Kyowa"]),
            ("CN", ["Huaxin", "Jinlong", "Tianhe", "Hengli"]), ("TW", ["Formosa", "Chenfeng", "Yuanli"]),
            ("SG", ["Lion City", "Merlion"]), ("US", ["Pacific", "Atlas"]), ("DE", ["Rheinwerk"])]
_PRODUCTS = {Sector.C13: "Dệt", Sector.C14: "May mặc", Sector.C22: "Nhựa", Sector.C25: "Cơ khí chính xác",
             Sector.C26: "Điện tử", Sector.C27: "Thiết bị điện", Sector.C29: "Linh kiện ô tô",
             Sector.C10: "Thực phẩm", Sector.C17: "Bao bì", Sector.C23: "Vật liệu xây dựng"}
_FOREIGN_PRODUCTS = {Sector.C13: "Textile", Sector.C14: "Garment", Sector.C22: "Plastics",
                     Sector.C25: "Precision", Sector.C26: "Electronics", Sector.C27: "Electric",
                     Sector.C29: "Auto Parts", Sector.C10: "Foods", Sector.C17: "Packaging",
                     Sector.C23: "Materials"}
_GIVEN = ["Nguyễn Văn", "Trần Thị", "Lê Hoàng", "Phạm Minh", "Vũ Thị", "Đỗ Quang", "Bùi Thanh", "Hoàng Anh"]
_NAMES = ["An", "Bình", "Cường", "Dung", "Giang", "Hùng", "Khánh", "Linh", "Nam", "Phương", "Quân", "Thảo"]


def demo_tax_codes(rng, count, prefix="07"):
    """Distinct valid 10-digit tax codes starting with the old Hà Nam prefix."""
    codes = set()
    while len(codes) < count:
        nine = prefix + "".join(str(rng.randint(0, 9)) for _ in range(7))
        check = tax_code_check_digit(nine)
        if check is not None:
            codes.add(nine + str(check))
    return sorted(codes)


def generate_enterprises(zones, count, seed=16, prefix="07"):
    """Plausible enterprises (unsaved) spread over the zones; deterministic for a seed."""
    rng = random.Random(seed)
    sectors = list(_PRODUCTS)
    enterprises = []
    for index, tax_code in enumerate(demo_tax_codes(rng, count, prefix)):
        sector = rng.choice(sectors)
        if rng.random() < 0.55:
            country, stems = rng.choice(_FOREIGN)
            stem = rng.choice(stems)
            name = f"{rng.choice(['Công ty TNHH', 'Công ty TNHH'])} {stem} {_PRODUCTS[sector]} Việt Nam"
            foreign = f"{stem} {_FOREIGN_PRODUCTS[sector]} Vietnam Co., Ltd"
        else:
            country, stem = "VN", rng.choice(_STEMS)
            name = f"{rng.choice(_PREFIXES)} {_PRODUCTS[sector]} {stem}"
            foreign = ""
        name = f"{name} {index + 1:03d}" if rng.random() < 0.35 else name
        workforce = int(rng.lognormvariate(5.3, 1.0)) + 10
        zone = rng.choice(zones)
        legal_representative = f"{rng.choice(_GIVEN)} {rng.choice(_NAMES)}"
        enterprises.append(Enterprise(
            tax_code=tax_code, name=name, foreign_name=foreign, zone=zone, sector=sector.value,
            search_text=Enterprise.search_text_for(tax_code, name, foreign, legal_representative),
            investor_country=country, workforce=min(workforce, 12000),
            legal_representative=legal_representative,
            phone=f"0226{rng.randint(3000000, 3999999)}", email=f"lienhe{index + 1}@dn{index + 1}.vn",
            zalo=f"09{rng.randint(10000000, 99999999)}",
            address=f"Lô {rng.choice('ABCDEFG')}{rng.randint(1, 40)}, {zone.name}",
            status=EnterpriseStatus.OPERATING if rng.random() < 0.93 else EnterpriseStatus.CONSTRUCTION,
        ))
    return enterprises


def _user(username, full_name, role, organisation=""):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "role": role, "organisation": organisation,
                  "email": f"{username.replace('.', '-')}@kcn.local"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo(*, enterprise_count=300):
    ninh_binh = Province.objects.get(code=37)
    ha_nam = LegacyProvince.objects.get(code=35)
    board, _ = Board.objects.get_or_create(
        name="Ban Quản lý các khu công nghiệp tỉnh Hà Nam",
        defaults={"short_name": "BQLKCN Hà Nam", "province": ninh_binh, "legacy_province": ha_nam,
                  "address": "Đường Lê Hoàn, phường Phủ Lý", "phone": "02263852775", "hotline": "02263852775",
                  "email": "bqlkcn@hanam.gov.vn"},
    )
    departments = {}
    for code, name, kind, consolidates in DEPARTMENTS:
        departments[code], _ = Department.objects.get_or_create(
            board=board, name=name, defaults={"kind": kind, "consolidates": consolidates}
        )
    zones = {}
    for code, name, commune, area, occupancy, developer, lat, lng, dept in ZONES:
        zone, _ = Zone.objects.get_or_create(code=code, defaults={
            "board": board, "name": name, "province": ninh_binh, "legacy_province": ha_nam,
            "commune": Commune.objects.filter(province=ninh_binh, name=commune).first(),
            "area_ha": area, "occupancy_rate": occupancy, "developer": developer, "status": ZoneStatus.OPERATING,
            "latitude": lat, "longitude": lng, "contact_name": "Ban điều hành " + name,
            "contact_phone": "0226" + str(3850000 + len(zones)),
        })
        zones[code] = zone
        ZoneAssignment.objects.get_or_create(zone=zone, department=departments[dept],
                                             defaults={"start_date": PLAN_DATE, "note": "Kế hoạch 16/KH-BQLKCN"})
    people = {}
    for username, full_name, role, dept, position in PEOPLE:
        user = _user(username, full_name, role, board.short_name)
        people[username], _ = Staff.objects.get_or_create(
            user=user, defaults={"board": board, "department": departments.get(dept), "position": position}
        )
    for username, dept_codes in OVERSIGHT.items():
        for dept in dept_codes:
            Oversight.objects.get_or_create(deputy=people[username], department=departments[dept],
                                            defaults={"start_date": PLAN_DATE})
    users = {username: _user(username, full_name, role, org) for username, full_name, role, org in OTHER_USERS}
    admin = users["admin"]
    if not admin.is_staff:
        admin.is_staff = True
        admin.save(update_fields=["is_staff"])
    Observer.objects.get_or_create(user=users["quansat"], board=board)

    existing = set(Enterprise.objects.values_list("tax_code", flat=True))
    generated = generate_enterprises(list(zones.values()), enterprise_count)
    new = [e for e in generated if e.tax_code not in existing]
    if new:
        bulk_create_with_history(new, Enterprise, batch_size=500, default_user=admin,
                                 default_change_reason="Dữ liệu mẫu")
    # The enterprise login represents the first generated enterprise in KCN Đồng Văn II.
    dv2 = Enterprise.objects.filter(zone=zones["HNA-DV2"]).order_by("tax_code").first()
    if dv2:
        EnterpriseUser.objects.get_or_create(user=users["doanhnghiep"], enterprise=dv2)
    return board


def demo_logins():
    rows = [(u, r) for u, _, r, _, _ in PEOPLE] + [(u, r) for u, _, r, _ in OTHER_USERS]
    return [(username, Role(role).label) for username, role in rows]
