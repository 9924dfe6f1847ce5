"""Demo outbreak levels and scenario plans for the demo board (run by ``kcn demo``).

* the default criteria set (shipped by migration 0002; loaded again if the table was emptied);
* every enterprise and zone at level 1 (bình thường mới) since 60 days ago: the baseline rows are
  written directly, without checklists, as the state KCN starts from;
* scenario plans for the ``doanhnghiep`` enterprise (reviewed "đã xem") and five others (one asked
  to add more, the others waiting for review);
* the ``doanhnghiep`` enterprise raised to level 3 two days ago by the monitoring department, its
  checklist from the plan half done (the rest overdue), and KCN Đồng Văn II raised to level 2;
* one self-assessment accepted (that enterprise at level 2 since five days ago), one waiting for review.

Deterministic and run once: if the board's enterprises already have levels, nothing is done.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from kcn.accounts.choices import Role
from kcn.accounts.models import User
from kcn.registry.models import Enterprise, EnterpriseUser, Staff, Zone, ZoneAssignment

from . import services
from .choices import LevelSource
from .defaults import ensure_default_criteria
from .models import CriteriaSet, EnterpriseLevel, ZoneLevel

BASELINE_DAYS = 60

PLAN = [
    (1, "Duy trì đo thân nhiệt, khai báo y tế tại cổng ra vào", "Tổ bảo vệ", 24, "hours"),
    (1, "Kiểm tra việc thực hiện 5K tại các xưởng mỗi tuần", "Tổ an toàn COVID-19", 7, "days"),
    (2, "Bố trí vách ngăn tại nhà ăn, chia ca ăn so le", "Phòng Hành chính – Nhân sự", 2, "days"),
    (2, "Cố định người lao động theo tuyến xe đưa đón, khử khuẩn sau mỗi chuyến", "Tổ xe", 24, "hours"),
    (2, "Rà soát danh sách người lao động đi về từ vùng dịch", "Phòng Hành chính – Nhân sự", 24, "hours"),
    (3, "Cách ly dây chuyền bị ảnh hưởng, khử khuẩn toàn bộ khu vực", "Quản đốc xưởng", 4, "hours"),
    (3, "Lập danh sách F1 theo tổ, ca, phòng ký túc xá và tuyến xe", "Tổ an toàn COVID-19", 12, "hours"),
    (3, "Tổ chức “3 tại chỗ” cho bộ phận sản xuất chính", "Giám đốc nhà máy", 2, "days"),
    (3, "Xét nghiệm nhanh toàn bộ người lao động của xưởng có ca bệnh", "Trạm y tế doanh nghiệp", 24, "hours"),
    (4, "Tạm dừng sản xuất, chỉ duy trì bộ phận vận hành thiết yếu", "Tổng giám đốc", 12, "hours"),
    (4, "Phối hợp Trung tâm Y tế đưa F0, F1 đi cách ly, điều trị", "Tổ an toàn COVID-19", 6, "hours"),
]


def _actions(rows):
    return [{"level": level, "text": text, "owner": owner, "due_value": value, "due_unit": unit}
            for level, text, owner, value, unit in rows]


def _monitor(zone, fallback):
    """The head of the department monitoring the zone (a leader if none)."""
    departments = ZoneAssignment.objects.current().filter(zone=zone).values("department")
    staff = (Staff.objects.filter(department__in=departments, user__role=Role.DEPARTMENT_HEAD)
             .select_related("user").order_by("pk").first())
    return staff.user if staff else fallback


@transaction.atomic
def load_prevention_demo(board):
    """Levels, plans, a checklist and assessments for the demo board; a line saying what was done,
    or None when the board's enterprises already have levels."""
    ensure_default_criteria()
    if EnterpriseLevel.objects.filter(enterprise__zone__board=board).exists():
        return None
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    leader = User.objects.filter(staff__board=board, role=Role.BOARD_LEADER).order_by("pk").first() or admin
    if admin is None or leader is None:
        return None
    baseline = timezone.localdate() - datetime.timedelta(days=BASELINE_DAYS)
    enterprises = list(Enterprise.objects.filter(zone__board=board).select_related("zone").order_by("tax_code"))
    zones = list(Zone.objects.filter(board=board).order_by("code"))
    reason = "Trạng thái ban đầu theo Kế hoạch 16/KH-BQLKCN"
    EnterpriseLevel.objects.bulk_create([
        EnterpriseLevel(enterprise=e, level=1, effective_date=baseline, source=LevelSource.OFFICER, reason=reason,
                        set_by=leader) for e in enterprises])
    ZoneLevel.objects.bulk_create([
        ZoneLevel(zone=z, level=1, effective_date=baseline, source=LevelSource.OFFICER, reason=reason, set_by=leader)
        for z in zones])

    link = EnterpriseUser.objects.filter(user__username="doanhnghiep", enterprise__zone__board=board).first()
    company = link.enterprise if link else (enterprises[0] if enterprises else None)
    if company is None:
        return None
    company_user = link.user if link else admin
    others = [e for e in enterprises if e.pk != company.pk][:5]

    plan = services.plan_save(user=company_user, enterprise=company, actions=_actions(PLAN))
    monitor = _monitor(company.zone, leader)
    services.plan_review(user=monitor, plan=plan, decision="seen")
    for index, enterprise in enumerate(others):
        rows = PLAN if index % 2 == 0 else [row for row in PLAN if row[0] in (3, 4)]
        other_plan = services.plan_save(user=admin, enterprise=enterprise, actions=_actions(rows))
        if index == 1:
            services.plan_review(user=_monitor(enterprise.zone, leader), plan=other_plan, decision="needs_more",
                                 comment="Bổ sung biện pháp cho cấp độ 1 và 2, ghi rõ người phụ trách tuyến xe.")

    # The level change of the demo: two days ago, a case at the enterprise of the `doanhnghiep` login.
    raised = timezone.localdate() - datetime.timedelta(days=2)
    change = services.enterprise_level_set(
        user=monitor, enterprise=company, level=3, effective_date=raised,
        reason="Phát hiện 01 ca dương tính (F0) tại xưởng may số 2, đã khoanh vùng dây chuyền.")
    items = list(change.checklist.items.order_by("order"))
    for item in items[: len(items) // 2]:
        services.checklist_item_done(user=company_user, item=item, note="Đã thực hiện, có biên bản kèm theo.")
    services.zone_level_set(user=monitor, zone=company.zone, level=2, effective_date=raised,
                            reason="Có doanh nghiệp ở cấp độ 3 trong KCN.", source=LevelSource.ENTERPRISES)

    criteria_set = CriteriaSet.current()
    for position, enterprise in enumerate(others[:2]):
        answers = {c.pk: c.options.order_by("order")[min(position + 1, c.options.count() - 1)].pk
                   for c in criteria_set.criteria.all()}
        assessment = services.assessment_submit(user=admin, enterprise=enterprise, answers=answers)
        if position == 0:
            services.assessment_review(user=_monitor(enterprise.zone, leader), assessment=assessment, accept=True,
                                       effective_date=timezone.localdate() - datetime.timedelta(days=5))
    return (f"Cấp độ dịch: {len(enterprises)} doanh nghiệp, {len(zones)} KCN; {1 + len(others)} phương án; "
            f"{company.name} ở cấp độ 3 với {len(items)} việc cần làm.")
