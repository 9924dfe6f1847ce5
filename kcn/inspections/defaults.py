"""The default epidemic checklist, from the "yêu cầu doanh nghiệp" lines of plan 16/KH-BQLKCN
(Hà Nam, 03/5/2021). Loaded by migration 0002 and by the demo; editing it here changes nothing
already loaded: a new version goes through services.checklist_new_version."""

DEFAULT_CHECKLIST = {
    "topic": "epidemic",
    "code": "5k-phong-dich",
    "name": "Kiểm tra công tác phòng, chống dịch Covid-19 tại doanh nghiệp",
    "description": "Theo Kế hoạch số 16/KH-BQLKCN ngày 03/5/2021 và khuyến cáo 5K của Bộ Y tế.",
    "items": [
        ("5K", "5K-1", "Người lao động đeo khẩu trang tại nơi làm việc, nhà ăn, xe đưa đón"),
        ("5K", "5K-2", "Khử khuẩn định kỳ nhà xưởng, nhà ăn, xe đưa đón và khu vực dùng chung"),
        ("5K", "5K-3", "Giữ khoảng cách an toàn tại dây chuyền, nhà ăn và khu vực chờ"),
        ("5K", "5K-4", "Không tập trung đông người; chia ca ăn, ca nghỉ"),
        ("5K", "5K-5", "Người lao động khai báo y tế đầy đủ, đúng hạn"),
        ("Trang thiết bị", "TB-1", "Dung dịch rửa tay, khử trùng, sát khuẩn tại cổng, nhà xưởng, nhà ăn"),
        ("Trang thiết bị", "TB-2", "Đo thân nhiệt người ra vào doanh nghiệp"),
        ("Trang thiết bị", "TB-3", "Vách ngăn tại bàn ăn"),
        ("Trang thiết bị", "TB-4", "Vách ngăn tại bàn làm việc"),
        ("Trang thiết bị", "TB-5", "Khu vực cách ly tạm thời cho người có biểu hiện nghi nhiễm"),
        ("Tổ chức", "TC-1", "Thành lập Ban chỉ đạo (tổ an toàn Covid) phòng, chống dịch của doanh nghiệp"),
        ("Tổ chức", "TC-2", "Có phương án, kịch bản phòng, chống dịch theo từng cấp độ"),
        ("Tổ chức", "TC-3", "Đã ký và gửi bản Cam kết phòng, chống dịch về Ban quản lý các KCN"),
        ("Tổ chức", "TC-4", "Có danh sách toàn bộ lao động với địa chỉ cư trú và số điện thoại liên hệ"),
        ("Tổ chức", "TC-5", "Theo dõi sức khỏe người lao động đi, đến từ vùng dịch; tự cách ly theo quy định"),
        ("Tổ chức", "TC-6", "Báo cáo ngay Lãnh đạo Ban, Phòng Quản lý doanh nghiệp khi có ca F0, F1, F2, F3"),
    ],
}


def load_default_checklist(Checklist, ChecklistItem):
    """Create version 1 of the default checklist if absent (models passed in: migrations use
    historical models). Returns the checklist."""
    data = DEFAULT_CHECKLIST
    checklist, created = Checklist.objects.get_or_create(
        code=data["code"], version=1,
        defaults={"topic": data["topic"], "name": data["name"], "description": data["description"],
                  "is_active": True},
    )
    if created:
        ChecklistItem.objects.bulk_create(
            ChecklistItem(checklist=checklist, group=group, code=code, text=text, order=order)
            for order, (group, code, text) in enumerate(data["items"], start=1)
        )
    return checklist
