"""An officer inspects an enterprise, fails one item with a finding (and its photo) and a corrective
action, finalises; the enterprise sees the action on its home page and reports the fix."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from .conftest import login_as


@pytest.fixture
def checklist(demo_live, settings, tmp_path):
    """The default checklist (a transactional test before this one may have flushed what the data
    migration loaded) and photos stored in a temporary folder."""
    from kcn.inspections.defaults import load_default_checklist
    from kcn.inspections.models import Checklist, ChecklistItem

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return load_default_checklist(Checklist, ChecklistItem)


def _jpeg(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_officer_inspects_and_enterprise_reports_the_fix(checklist, new_page, live_server):
    from kcn.inspections.models import CorrectiveAction, Inspection
    from kcn.registry.models import Enterprise

    enterprise = Enterprise.objects.get(user_links__user__username="doanhnghiep")
    today = timezone.localdate()
    officer = new_page()
    login_as(officer, live_server, "truongphong")

    officer.locator("#kcn-nav").get_by_role("button", name="Phòng, chống dịch").click()
    officer.locator("#kcn-nav").get_by_role("link", name="Kiểm tra phòng dịch").click()
    officer.click("#add-button")
    officer.select_option("#id_enterprise", label=f"{enterprise.name}")
    officer.fill("#id_date", today.strftime("%d/%m/%Y"))
    officer.fill("#id_other_participants", "Ông Trần Văn Bình – Trung tâm Y tế")
    officer.click("#save-button")
    expect(officer.locator("#inspection-status")).to_have_text("đang lập")
    inspection = Inspection.objects.get()

    # The checklist: everything passes but the partitions at the canteen tables.
    officer.click("#results-button")
    failed = checklist.items.get(code="TB-3")
    for item in checklist.items.all():
        outcome = "fail" if item == failed else "pass"
        officer.check(f'input[name="outcome_{item.pk}"][value="{outcome}"]')
    officer.fill(f'input[name="note_{failed.pk}"]', "Nhà ăn ca 2 chưa có vách ngăn")
    officer.click("#save-button")
    row = officer.locator(f'#inspection-results tr[data-item="{failed.code}"]')
    expect(row).to_contain_text("không đạt")

    # A finding with a photo, and the corrective action it calls for.
    row.get_by_role("link", name="Ghi tồn tại").click()
    officer.fill("#id_description", "Bàn ăn nhà ăn ca 2 không có vách ngăn giữa các chỗ ngồi.")
    officer.set_input_files("#id_photos", files=[{"name": "nha-an.jpg", "mimeType": "image/jpeg",
                                                  "buffer": _jpeg((180, 40, 40))}])
    officer.fill("#id_action_description", "Lắp vách ngăn mica tại toàn bộ bàn ăn ca 2.")
    officer.fill("#id_due_date", (today + datetime.timedelta(days=7)).strftime("%d/%m/%Y"))
    officer.click("#save-button")
    thumbnail = officer.locator("#inspection-findings img.finding-thumbnail")
    expect(thumbnail).to_have_count(1)
    officer.wait_for_function("document.querySelector('img.finding-thumbnail').naturalWidth > 0")
    expect(officer.locator("#inspection-actions")).to_contain_text("Lắp vách ngăn mica")

    officer.click("#finalise-button")
    officer.fill("#id_conclusion", "Doanh nghiệp cơ bản thực hiện tốt; còn một tồn tại về vách ngăn.")
    officer.click("#save-button")
    expect(officer.locator("#inspection-status")).to_have_text("đã hoàn tất")
    expect(officer.locator("#results-button")).to_have_count(0)  # read-only from now on

    # The enterprise sees the action on its home page and reports the fix with a photo.
    company = new_page()
    login_as(company, live_server, "doanhnghiep")
    panel = company.locator("#panel-enterprise-actions")
    expect(panel).to_contain_text("Lắp vách ngăn mica")
    panel.get_by_role("link", name="Lắp vách ngăn mica tại toàn bộ bàn ăn ca 2.").click()
    expect(company.locator("#action-status")).to_have_text("mở")
    company.fill("#id_note", "Đã lắp 40 tấm vách ngăn mica tại nhà ăn ca 2.")
    company.set_input_files("#id_photo", files=[{"name": "sau.jpg", "mimeType": "image/jpeg",
                                                 "buffer": _jpeg((40, 160, 40))}])
    company.click("#fix-submit")
    expect(company.locator("#action-status")).to_have_text("đã khắc phục")
    expect(company.locator("#action-fix-note")).to_contain_text("Đã lắp 40 tấm vách ngăn")
    action = CorrectiveAction.objects.get()
    assert action.inspection == inspection and action.fix_photo
