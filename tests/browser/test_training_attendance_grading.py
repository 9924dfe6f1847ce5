"""A trainee checks in by the QR code the trainer shows in class and hands in a field report; the
trainer grades the report and the trainees' participation, classifies, and sees the band."""

import pytest
from playwright.sync_api import expect

from .conftest import login_as

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(demo_live, settings, tmp_path):
    from kcn.training.tests.world import build_world

    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def test_trainee_checks_in_by_qr_and_uploads_a_report_then_trainer_grades(world, new_page, live_server):
    from kcn.training.models import Attendance, FieldReport

    day = world["day_today"]

    # The trainer opens the session's attendance and shows today's QR code.
    trainer = new_page()
    login_as(trainer, live_server, "giangvien")
    trainer.goto(f"/training/sessions/{world['s1'].pk}/attendance/")
    trainer.click(f"#qr-{day.pk}")
    expect(trainer.locator("#checkin-qr svg")).to_be_visible()
    checkin_url = trainer.locator("#checkin-url").get_attribute("href")

    # The trainee, on their own phone, follows the code and checks in.
    trainee = new_page(viewport={"width": 360, "height": 740})
    login_as(trainee, live_server, "hocvien")
    trainee.goto(checkin_url)
    trainee.click("#checkin-button")
    expect(trainee.locator("#checkin-done")).to_contain_text("Đã điểm danh")
    assert Attendance.objects.get(enrolment=world["e1"], day=day).method == "qr"

    # Then hands in the field report on the coaching at the enterprise.
    trainee.goto(f"/training/coachings/{world['k1'].pk}/report/")
    trainee.fill("#id_title", "Báo cáo thu hoạch tại Giấy Hoàng Văn Thụ")
    trainee.set_input_files("#id_file", files=[{"name": "bao-cao-thu-hoach.pdf", "mimeType": "application/pdf",
                                                "buffer": PDF}])
    trainee.click("#save-button")
    expect(trainee.locator("#report-title")).to_have_text("Báo cáo thu hoạch tại Giấy Hoàng Văn Thụ")
    trainee.goto("/training/reports/")
    expect(trainee.locator("#object-table")).to_contain_text("Báo cáo thu hoạch tại Giấy Hoàng Văn Thụ")
    report = FieldReport.objects.get()

    # The trainer's grid sees the QR check-in.
    trainer.goto(f"/training/sessions/{world['s1'].pk}/attendance/")
    expect(trainer.locator(f'select[name="cell_{world["e1"].pk}_{day.pk}"]')).to_have_value("present")

    # The trainer grades participation and interaction for both trainees, then the report.
    trainer.goto(f"/training/courses/{world['c1'].pk}/grading/")
    criteria = {c.code: c for c in world["c1"].criteria.all()}
    for enrolment, (participation, interaction) in ((world["e1"], ("9", "8,5")), (world["e2"], ("6", "6"))):
        trainer.fill(f'input[name="score_{enrolment.pk}_{criteria["tham-gia"].pk}"]', participation)
        trainer.fill(f'input[name="score_{enrolment.pk}_{criteria["tuong-tac"].pk}"]', interaction)
    trainer.click("#save-button")
    expect(trainer.locator(".alert-success")).to_contain_text("Đã lưu điểm")
    trainer.click(f"#grade-report-{report.pk}")
    trainer.fill(f"#id_score_{criteria['bao-cao'].pk}", "8")
    trainer.fill("#id_comment", "Phân tích dòng thải tốt; cần định lượng lợi ích kinh tế.")
    trainer.click("#save-button")
    expect(trainer.locator(f'#reports-table tr[data-report="{report.pk}"]')).to_contain_text("Đã chấm")

    # Classify: hocvien 0.3×9 + 0.2×8.5 + 0.5×8 = 8.40 → Giỏi; the classmate handed no report → 3.00.
    trainer.click("#results-link")
    trainer.click("#classify-button")
    row = trainer.locator(f'#results-table tr[data-enrolment="{world["e1"].pk}"]')
    expect(row.locator(".band")).to_contain_text("Giỏi")
    expect(row.locator(".result")).to_have_text("8,40")
    other = trainer.locator(f'#results-table tr[data-enrolment="{world["e2"].pk}"]')
    expect(other.locator(".band")).to_contain_text("Không đạt")
    expect(trainer.locator("#band-counts")).to_contain_text("1 giỏi")
