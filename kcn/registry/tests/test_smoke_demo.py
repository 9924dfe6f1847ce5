from kcn.registry.models import Enterprise, Oversight, Zone, ZoneAssignment
from kcn.registry.validators import tax_code_error


def test_demo_is_the_board_of_plan_16(demo):
    assignments = {a.zone.name: a.department.name for a in ZoneAssignment.objects.select_related("zone", "department")}
    assert assignments == {
        "KCN Đồng Văn I": "Văn phòng",
        "KCN Đồng Văn II": "Phòng Quản lý doanh nghiệp",
        "KCN Đồng Văn III": "Phòng Quản lý doanh nghiệp",
        "KCN Đồng Văn IV": "Phòng Quản lý Đầu tư",
        "KCN Châu Sơn": "Phòng Quản lý môi trường",
        "KCN Thanh Liêm": "Phòng Quản lý môi trường",
        "KCN Hòa Mạc": "Phòng Quản lý Quy hoạch xây dựng",
    }
    oversight = sorted((o.deputy.user.username, o.department.name) for o in Oversight.objects.all())
    assert oversight == sorted([
        ("photruongban1", "Phòng Quản lý doanh nghiệp"), ("photruongban1", "Phòng Quản lý môi trường"),
        ("photruongban2", "Phòng Quản lý Đầu tư"), ("photruongban2", "Phòng Quản lý Quy hoạch xây dựng"),
        ("photruongban2", "Văn phòng"),
    ])
    assert Zone.objects.get(code="HNA-DV2").legacy_province.name == "Hà Nam"
    assert Zone.objects.get(code="HNA-DV2").province.name == "Ninh Bình"


def test_demo_enterprises_have_valid_tax_codes(demo):
    codes = list(Enterprise.objects.values_list("tax_code", flat=True))
    assert len(codes) == 60
    assert [c for c in codes if tax_code_error(c)] == []


def test_demo_is_idempotent(demo):
    from kcn.registry.demo import load_demo

    counts = (Enterprise.objects.count(), Zone.objects.count(), ZoneAssignment.objects.count())
    load_demo(enterprise_count=60)
    assert (Enterprise.objects.count(), Zone.objects.count(), ZoneAssignment.objects.count()) == counts
