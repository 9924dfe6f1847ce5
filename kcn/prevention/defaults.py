"""The default criteria set shipped with KCN (data migration 0002 and the demo load it).

Modelled on the workplace risk assessment of Decision 2194/QĐ-BCĐQG (27/5/2021) for production
establishments: each answer carries a risk score; the total proposes a level. Pure data and a
loader that takes the model classes, so the migration can pass its historical models.
"""

NAME = "Bộ tiêu chí đánh giá nguy cơ lây nhiễm COVID-19 tại nơi làm việc"
BASIS = "Quyết định 2194/QĐ-BCĐQG ngày 27/5/2021 của Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19"

CRITERIA = [
    ("Số người lao động làm việc tại cơ sở", "Tính cả lao động thuê ngoài làm việc thường xuyên.",
     [("Dưới 200 người", 2), ("Từ 200 đến dưới 1.000 người", 5), ("Từ 1.000 đến dưới 5.000 người", 8),
      ("Từ 5.000 người trở lên", 10)]),
    ("Tỷ lệ người lao động cư trú hoặc đi lại từ địa bàn có dịch (cấp độ 3, 4)", "",
     [("Không có", 0), ("Dưới 10%", 4), ("Từ 10% đến 30%", 7), ("Trên 30%", 10)]),
    ("Khoảng cách giữa người lao động tại vị trí làm việc", "",
     [("Từ 2 mét trở lên hoặc có vách ngăn", 0), ("Từ 1 đến dưới 2 mét, không có vách ngăn", 4),
      ("Dưới 1 mét, không có vách ngăn", 8)]),
    ("Bếp ăn tập thể", "",
     [("Không tổ chức ăn tập trung (suất ăn mang về)", 0), ("Có vách ngăn, ăn so le theo ca", 3),
      ("Có vách ngăn nhưng ăn cùng giờ", 6), ("Không có vách ngăn", 10)]),
    ("Xe đưa đón người lao động", "",
     [("Không sử dụng xe đưa đón", 0),
      ("Cố định người theo xe, ngồi giãn cách, khử khuẩn sau mỗi chuyến", 3),
      ("Có xe đưa đón nhưng không cố định người hoặc không giãn cách", 8)]),
    ("Thông khí nơi làm việc", "",
     [("Thông thoáng tự nhiên", 0), ("Điều hòa có trao đổi khí tươi", 3),
      ("Khép kín, điều hòa không trao đổi khí tươi", 8)]),
    ("Thực hiện 5K (khẩu trang, khử khuẩn, khoảng cách, không tập trung, khai báo y tế)", "",
     [("Đầy đủ, có kiểm tra giám sát hằng ngày", 0), ("Có thực hiện nhưng chưa thường xuyên", 5),
      ("Không thực hiện", 10)]),
    ("Tỷ lệ người lao động đã tiêm đủ liều vắc xin", "",
     [("Từ 90% trở lên", 0), ("Từ 70% đến dưới 90%", 4), ("Từ 50% đến dưới 70%", 7), ("Dưới 50%", 10)]),
    ("Tổ an toàn COVID-19 và khu vực cách ly tạm thời", "",
     [("Có cả tổ an toàn COVID-19 và khu cách ly tạm thời", 0), ("Chỉ có một trong hai", 4), ("Không có", 8)]),
    ("Nơi lưu trú của người lao động", "",
     [("Chủ yếu ở nhà riêng tại địa phương", 0), ("Ký túc xá có kiểm soát ra vào", 4),
      ("Nhà trọ tập trung, không kiểm soát", 8)]),
]

#: Total risk score from which a level is proposed (maximum 90).
SCORE_THRESHOLDS = [(0, 1), (25, 2), (45, 3), (65, 4)]
#: Active cases in the enterprise from which a level is proposed.
CASE_THRESHOLDS = [(1, 3), (10, 4)]


def load_default_criteria(CriteriaSet, Criterion, CriterionOption, ScoreThreshold, CaseThreshold):
    """Create version 1 unless any criteria set exists; the set, or None."""
    if CriteriaSet.objects.exists():
        return None
    criteria_set = CriteriaSet.objects.create(version=1, name=NAME, basis=BASIS, zone_rule="highest",
                                              zone_share_percent=0)
    for index, (text, help_text, options) in enumerate(CRITERIA, start=1):
        criterion = Criterion.objects.create(criteria_set=criteria_set, order=index, text=text, help_text=help_text)
        CriterionOption.objects.bulk_create([
            CriterionOption(criterion=criterion, order=position, text=option, score=score)
            for position, (option, score) in enumerate(options, start=1)
        ])
    ScoreThreshold.objects.bulk_create([ScoreThreshold(criteria_set=criteria_set, min_score=score, level=level)
                                        for score, level in SCORE_THRESHOLDS])
    CaseThreshold.objects.bulk_create([CaseThreshold(criteria_set=criteria_set, min_cases=cases, level=level)
                                       for cases, level in CASE_THRESHOLDS])
    return criteria_set


def ensure_default_criteria():
    from .models import CaseThreshold, CriteriaSet, Criterion, CriterionOption, ScoreThreshold

    return load_default_criteria(CriteriaSet, Criterion, CriterionOption, ScoreThreshold, CaseThreshold)
