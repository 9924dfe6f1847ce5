"""Demo health-monitoring data for the Hà Nam board: the rules, two outbreak areas, a few
returnees, two days of health declarations with one worker who has a fever, a published
commitment acknowledged by most enterprises (not by the ``doanhnghiep`` login's, so it can try),
and a few hotline calls.

Run once: a board that already has outbreak areas is left alone. Registered with kcn.core.demo.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kcn.accounts.choices import Role
from kcn.accounts.models import User
from kcn.registry.models import Enterprise, Province, Staff
from kcn.workers.models import Worker

from . import services
from .models import CommitmentAcknowledgement, MonitoringRule, OutbreakArea

PLAN_DATE = datetime.date(2021, 5, 3)
COMMITMENT_BODY = "\n".join([
    "Thực hiện Kế hoạch số 16/KH-BQLKCN ngày 03/5/2021 của Ban Quản lý các KCN tỉnh Hà Nam về phòng, "
    "chống dịch Covid-19, doanh nghiệp cam kết:",
    "",
    "1. Thực hiện nghiêm thông điệp 5K của Bộ Y tế: khẩu trang, khử khuẩn, khoảng cách, không tập trung, "
    "khai báo y tế.",
    "2. Trang bị đầy đủ dung dịch rửa tay, khử trùng, sát khuẩn; đo thân nhiệt người lao động khi vào "
    "doanh nghiệp; lắp vách ngăn tại bàn ăn và bàn làm việc.",
    "3. Lập và cập nhật danh sách toàn bộ lao động có địa chỉ nơi cư trú và số điện thoại liên hệ; báo "
    "cáo số lao động từ vùng dịch trở về.",
    "4. Giám sát chặt chẽ sức khỏe của chuyên gia, người lao động đi, đến từ vùng dịch; sau khi hết thời "
    "hạn cách ly tập trung, yêu cầu tự cách ly tại nơi cư trú theo quy định. Khi có biểu hiện ho, sốt, "
    "khó thở, liên hệ ngay cơ quan y tế.",
    "5. Xây dựng phương án, kịch bản cho từng cấp độ dịch; khi xuất hiện ca dương tính, F1, F2, F3 báo "
    "ngay Lãnh đạo Ban và Phòng Quản lý doanh nghiệp.",
    "",
    "Doanh nghiệp hoàn toàn chịu trách nhiệm trước pháp luật nếu thực hiện không đúng, không đầy đủ công "
    "tác phòng, chống dịch bệnh theo chỉ đạo của Trung ương và địa phương.",
])
CALLS = [
    ("Chị Nguyễn Thị Hòa", "0912345678", "Công nhân về quê ở Hà Nội dịp nghỉ lễ, khi quay lại có phải cách ly không?",
     "Nếu về từ vùng dịch Ban đã công bố thì cách ly tập trung rồi tự cách ly theo số ngày của vùng đó; doanh "
     "nghiệp khai báo trên KCN.", False, False),
    ("Anh Trần Văn Long", "0987654321", "Doanh nghiệp cần mẫu bản cam kết phòng, chống dịch ở đâu?",
     "Bản cam kết có trên KCN, mục Phòng, chống dịch → Bản cam kết; doanh nghiệp xác nhận trực tiếp.", False, False),
    ("Chị Lê Thu Hà", "0904111222", "Một công nhân sốt 38 độ tại xưởng, doanh nghiệp cần làm gì?",
     "Cách ly tạm thời người lao động, liên hệ trạm y tế phường; phòng QLDN sẽ gọi lại để theo dõi.", True, False),
    ("Anh Park Sung-ho", "0966777888", "Chuyên gia nhập cảnh cần thủ tục gì để vào làm việc?",
     "Đã hướng dẫn thủ tục; chờ ý kiến Sở Y tế về thời gian cách ly.", True, True),
]


def _workers(enterprise, count, seed):
    existing = list(Worker.objects.filter(enterprise=enterprise, left_on__isnull=True).order_by("pk")[:count])
    if existing:
        return existing
    rng = random.Random(seed)
    given = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị", "Đặng Văn", "Bùi Thị"]
    names = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Minh", "Nga", "Phúc", "Quỳnh", "Sơn", "Tâm", "Yến"]
    rows = []
    for n in range(count):
        female = n % 2
        number = f"035{female}{rng.randint(80, 99)}{rng.randint(0, 999999):06d}"
        name = f"{given[(n + female) % len(given)]} {names[n % len(names)]}"
        rows.append(Worker(enterprise=enterprise, identity_number=number, full_name=name,
                           phone=f"09{rng.randint(10000000, 99999999)}", workshop="Xưởng 1",
                           production_line=f"Chuyền {n % 3 + 1}", team=f"Tổ {n % 4 + 1}", shift="Ca 1",
                           search_text=name.lower()))
    Worker.objects.bulk_create(rows, ignore_conflicts=True)
    return list(Worker.objects.filter(enterprise=enterprise).order_by("pk")[:count])


def load_monitoring_demo(board):
    if OutbreakArea.objects.filter(board=board).exists():
        return None
    leader = Staff.objects.filter(board=board, department__isnull=True).select_related("user").first()
    officer = Staff.objects.filter(board=board, department__consolidates=True).select_related("user").first()
    company = User.objects.filter(username="doanhnghiep").first()
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    enterprise = Enterprise.objects.filter(user_links__user=company).first() if company else None
    if leader is None or officer is None or enterprise is None or admin is None:
        return None
    today = timezone.localdate()
    with transaction.atomic():
        leader_user, officer_user = leader.user, officer.user
        MonitoringRule.objects.create(board=board, valid_from=PLAN_DATE, quarantine_days=14, self_isolation_days=14,
                                      basis="Kế hoạch 16/KH-BQLKCN ngày 03/5/2021")
        services.rule_save(user=leader_user, data={
            "board": board, "valid_from": today - datetime.timedelta(days=45), "quarantine_days": 21,
            "self_isolation_days": 7, "basis": "Công điện số 01/CĐ-UBND ngày 01/5/2021 của UBND tỉnh"})
        ha_noi = Province.objects.get(code=1)
        hoan_kiem = ha_noi.communes.filter(name__contains="Hoàn Kiếm").first() or ha_noi.communes.first()
        area_hn = services.area_save(user=officer_user, data={
            "board": board, "province": ha_noi, "commune": hoan_kiem, "start_date": today - datetime.timedelta(20),
            "end_date": None, "quarantine_days": None, "self_isolation_days": None,
            "source": "Thông báo số 45/TB-SYT của Sở Y tế"})
        bac_ninh = Province.objects.filter(name__contains="Bắc Ninh").first() or ha_noi
        area_bn = services.area_save(user=officer_user, data={
            "board": board, "province": bac_ninh, "start_date": today - datetime.timedelta(40),
            "end_date": today - datetime.timedelta(5), "quarantine_days": 14, "self_isolation_days": 7,
            "source": "Công văn số 30/BCĐ của Ban chỉ đạo tỉnh"})
        workers = _workers(enterprise, 12, seed=35)
        trips = [(0, area_hn, 2, "coach"), (1, area_hn, 9, "car"), (2, area_bn, 12, "motorbike"),
                 (3, area_bn, 30, "company_bus")]
        returnees = 0
        for index, area, days_ago, means in trips:
            if index >= len(workers):
                break
            services.travel_declare(user=company, data={
                "worker": workers[index], "area": area, "direction": "went_to",
                "departure_date": today - datetime.timedelta(days_ago + 3),
                "return_date": today - datetime.timedelta(days_ago), "means": means,
                "note": "Về quê dịp nghỉ lễ"})
            returnees += 1
        yesterday = today - datetime.timedelta(days=1)
        services.health_declare_many(user=company, enterprise=enterprise, date=yesterday, entries=[],
                                     all_others_fine=True)
        services.health_declare_many(user=company, enterprise=enterprise, date=today, entries=[
            {"worker": workers[0], "fever": True, "cough": True, "temperature": Decimal("38.3")}], all_others_fine=True)
        text = services.commitment_publish(user=leader_user, data={
            "board": board, "title": "Bản cam kết phòng, chống dịch Covid-19", "body": COMMITMENT_BODY,
            "published_on": today - datetime.timedelta(days=30)})
        others = list(Enterprise.objects.filter(zone__board=board).exclude(pk=enterprise.pk).order_by("pk"))
        rng = random.Random(16)
        acks = [CommitmentAcknowledgement(
            text=text, enterprise=other, signer_name=other.legal_representative or "Giám đốc",
            signer_position="Giám đốc", signed_on=today - datetime.timedelta(days=rng.randint(0, 28)),
            acknowledged_by=admin) for other in others if rng.random() < 0.8]
        CommitmentAcknowledgement.objects.bulk_create(acks)
        for n, (name, phone, question, answer, follow, done) in enumerate(CALLS):
            services.call_save(user=officer_user, data={
                "board": board, "called_at": timezone.now() - datetime.timedelta(days=n * 2, hours=n),
                "caller_name": name, "caller_phone": phone, "question": question, "answer": answer,
                "follow_up_needed": follow, "follow_up_done": done, "enterprise": enterprise if n == 2 else None})
    return (f"Theo dõi sức khỏe mẫu: 2 vùng dịch, {returnees} người về từ vùng dịch, khai báo y tế 2 ngày "
            f"(1 người sốt), bản cam kết đã được {len(acks)}/{len(others) + 1} doanh nghiệp xác nhận, "
            f"{len(CALLS)} cuộc gọi đường dây nóng.")
