"""Demo tracing data: one case in the demo enterprise (``doanhnghiep``'s, in KCN Đồng Văn II) with a
confirmed chain, so the case page, its graph and the statuses show something.

It uses the workers the workers app's demo created if there are any; otherwise it creates a small
factory floor of its own (two teams, a dormitory room shared with a neighbour, a bus). Run through
the services, as the monitoring department's head (``truongphong``) would. Idempotent: if the
demo enterprise already has a case, nothing is done.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from kcn.accounts.models import User
from kcn.registry.models import Enterprise, EnterpriseUser
from kcn.workers.models import Worker

from . import services
from .choices import Decision, PersonStatus
from .models import Case, Contact, TracingRule

OFFICER = "truongphong"
_FLOOR = [  # name, team, shift, line, dormitory, room, bus
    ("Nguyễn Văn Thắng", "Tổ 3", "Ca 1", "Dây chuyền may 1", "Khu nhà ở B", "204", "Tuyến Phủ Lý 1"),
    ("Trần Thị Hương", "Tổ 3", "Ca 1", "Dây chuyền may 1", "Khu nhà ở B", "204", ""),
    ("Lê Thị Mai", "Tổ 3", "Ca 1", "Dây chuyền may 1", "", "", "Tuyến Phủ Lý 1"),
    ("Phạm Văn Long", "Tổ 3", "Ca 1", "Dây chuyền may 1", "", "", ""),
    ("Vũ Thị Ngọc", "Tổ 4", "Ca 1", "Dây chuyền may 1", "", "", ""),
    ("Đỗ Minh Quân", "Tổ 4", "Ca 1", "Dây chuyền may 1", "Khu nhà ở B", "206", ""),
    ("Bùi Thị Lan", "Tổ 4", "Ca 2", "Dây chuyền may 1", "Khu nhà ở B", "206", "Tuyến Duy Tiên"),
    ("Hoàng Văn Sơn", "Tổ 7", "Ca 2", "Dây chuyền may 2", "", "", "Tuyến Duy Tiên"),
    ("Ngô Thị Thu", "Tổ 7", "Ca 2", "Dây chuyền may 2", "", "", ""),
    ("Đặng Văn Tùng", "Tổ 8", "Ca 1", "Dây chuyền may 2", "", "", "Tuyến Phủ Lý 1"),
]
_NEIGHBOUR = [("Kim Thị Hà", "Tổ 1", "Ca 1", "Dây chuyền ép", "Khu nhà ở B", "204", "Tuyến Phủ Lý 1"),
              ("Lý Văn Hùng", "Tổ 1", "Ca 1", "Dây chuyền ép", "", "", "")]


def _floor(enterprise, rows, start):
    workers = [Worker(enterprise=enterprise, identity_number=f"0352{start + index:08d}", full_name=name, team=team,
                      shift=shift, production_line=line, dormitory=dorm, room=room, bus_route=bus,
                      phone=f"0912{start + index:06d}")
               for index, (name, team, shift, line, dorm, room, bus) in enumerate(rows)]
    Worker.objects.bulk_create(workers, ignore_conflicts=True)


def load_tracing_demo(board):
    link = EnterpriseUser.objects.filter(user__username="doanhnghiep", enterprise__zone__board=board) \
        .select_related("enterprise").first()
    officer = User.objects.filter(username=OFFICER).first()
    if link is None or officer is None or TracingRule.current() is None:
        return None
    enterprise = link.enterprise
    if Case.objects.filter(enterprise=enterprise).exists():
        return None
    today = timezone.localdate()
    with transaction.atomic():
        candidates = Worker.objects.filter(enterprise=enterprise, left_on__isnull=True).exclude(team="") \
            .exclude(shift="").order_by("pk")
        if not candidates.exists():
            _floor(enterprise, _FLOOR, 1)
            neighbour = Enterprise.objects.filter(zone=enterprise.zone).exclude(pk=enterprise.pk).order_by("pk").first()
            if neighbour is not None:
                _floor(neighbour, _NEIGHBOUR, 501)
        f0 = candidates.first()
        case = services.case_record(
            user=officer, identity_number=f0.identity_number, enterprise=enterprise,
            positive_test_date=today - datetime.timedelta(days=3), symptom_onset=today - datetime.timedelta(days=4),
            isolation_place="Bệnh viện Đa khoa tỉnh Hà Nam", notes="Phát hiện qua xét nghiệm sàng lọc định kỳ.",
        )
        # The officer confirmed the F1s, and the F2s of the first of them; one F1 tested positive.
        f1 = list(Contact.objects.filter(case=case, generation=1).order_by("pk"))
        services.contacts_decide(user=officer, contact_ids=[c.pk for c in f1], decision=Decision.CONFIRMED)
        if f1:
            f2 = list(Contact.objects.filter(case=case, source=f1[0]).order_by("pk").values_list("pk", flat=True))
            if f2:
                services.contacts_decide(user=officer, contact_ids=f2, decision=Decision.CONFIRMED)
        for index, contact in enumerate(f1):
            services.contact_set_status(user=officer, contact=contact, status=PersonStatus.ISOLATING,
                                        on=today - datetime.timedelta(days=3))
            if index == 1:
                services.contact_set_status(user=officer, contact=contact, status=PersonStatus.NEGATIVE,
                                            on=today - datetime.timedelta(days=1))
            elif index == 2:
                services.contact_set_status(user=officer, contact=contact, status=PersonStatus.POSITIVE,
                                            on=today - datetime.timedelta(days=1))
    total = Contact.objects.filter(case__enterprise=enterprise).count()
    return f"Truy vết mẫu: 1 ca F0 tại {enterprise.name}, {len(f1)} F1 đã xác nhận, {total} người tiếp xúc."
