"""Demo inspections and one announcement of the board, so the pages show something.

* the default 5K checklist (migration 0002 loads it; loaded again here after a flush);
* two finalised inspections: the ``doanhnghiep`` enterprise in KCN Đồng Văn II by the head of
  the Enterprise Management department, with a failed item, a photo and an overdue action; and
  an enterprise of KCN Châu Sơn by ``canbo``, with an action due next week;
* one announcement of the board to every enterprise.

Run once: nothing is done if the board already has inspections. Registered with kcn.core.demo.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from kcn.accounts.models import User
from kcn.registry.models import Enterprise

from . import services
from .choices import Outcome
from .defaults import load_default_checklist
from .models import Checklist, ChecklistItem, Inspection

ANNOUNCEMENT_TITLE = "Tăng cường công tác phòng, chống dịch Covid-19 tại các khu công nghiệp"
ANNOUNCEMENT_BODY = (
    "Thực hiện Công điện số 01/CĐ-UBND ngày 01/5/2021 của UBND tỉnh, Ban quản lý các KCN đề nghị các doanh "
    "nghiệp: rà soát danh sách lao động đi, về từ vùng dịch; thực hiện nghiêm 5K; bố trí vách ngăn tại bàn ăn; "
    "báo cáo ngay Lãnh đạo Ban và Phòng Quản lý doanh nghiệp khi phát hiện ca F0, F1."
)


def _photo(colour, label):
    image = Image.new("RGB", (640, 480), colour)
    ImageDraw.Draw(image).text((20, 20), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(f"{label}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _inspect(user, enterprise, days_ago, failed_code, finding, action, due_in_days, conclusion):
    today = timezone.localdate()
    inspection = services.inspection_create(user=user, data={
        "enterprise": enterprise, "date": today - datetime.timedelta(days=days_ago),
        "other_participants": "Đại diện doanh nghiệp\nĐại diện Trung tâm Y tế huyện"})
    results, failed_item = {}, None
    for result in inspection.results.select_related("item"):
        if result.item.code == failed_code:
            failed_item = result.item
            results[result.item_id] = (Outcome.FAIL, finding)
        else:
            results[result.item_id] = (Outcome.PASS, "")
    services.inspection_record_results(user=user, inspection=inspection, results=results)
    services.finding_add(user=user, inspection=inspection, item=failed_item, description=finding,
                         photos=[_photo((150, 40, 40), failed_code)], action_description=action,
                         due_date=today + datetime.timedelta(days=due_in_days))
    services.inspection_finalise(user=user, inspection=inspection, conclusion=conclusion)
    return inspection


def load_inspections_demo(board):
    if Inspection.objects.filter(enterprise__zone__board=board).exists():
        return None
    if not Checklist.objects.exists():
        load_default_checklist(Checklist, ChecklistItem)
    head = User.objects.filter(username="truongphong").first()
    officer = User.objects.filter(username="canbo").first()
    leader = User.objects.filter(username="lanhdao").first()
    ent_dv2 = Enterprise.objects.filter(user_links__user__username="doanhnghiep", zone__board=board).first()
    ent_cs = Enterprise.objects.filter(zone__board=board, zone__code="HNA-CS").order_by("tax_code").first()
    if not (head and officer and leader and ent_dv2 and ent_cs):
        return None
    with transaction.atomic():
        _inspect(head, ent_dv2, 10, "TB-3", "Nhà ăn ca 2 chưa lắp vách ngăn giữa các chỗ ngồi.",
                 "Lắp vách ngăn mica tại toàn bộ bàn ăn nhà ăn ca 2.", -3,
                 "Doanh nghiệp cơ bản thực hiện tốt 5K; còn tồn tại về vách ngăn tại nhà ăn, yêu cầu khắc phục.")
        _inspect(officer, ent_cs, 5, "TB-2", "Cổng phụ không bố trí người đo thân nhiệt giờ vào ca.",
                 "Bố trí nhân viên và nhiệt kế đo thân nhiệt tại cổng phụ.", 7,
                 "Đạt yêu cầu, trừ việc đo thân nhiệt tại cổng phụ.")
        from kcn.communications.announcements import announcement_send

        announcement_send(user=leader, data={"board": board, "title": ANNOUNCEMENT_TITLE,
                                             "body": ANNOUNCEMENT_BODY, "audience": "all"})
    return "Kiểm tra phòng dịch: 2 biên bản đã hoàn tất, 2 biện pháp khắc phục (1 quá hạn), 1 thông báo của Ban."
