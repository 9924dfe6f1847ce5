"""A visitor who is not logged in checks two certificates by their codes on the public page: one
valid, one revoked."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect


@pytest.fixture
def certificates(demo_live):
    from kcn.training.models import GradeBand
    from kcn.training.services.certificates import certificate_revoke, certificates_issue
    from kcn.training.tests.world import build_world

    world = build_world()
    for key in ("e1", "e2"):
        enrolment = world[key]
        enrolment.band = GradeBand.objects.get(course=enrolment.course, name="Khá")
        enrolment.result_score, enrolment.passed = Decimal("7.25"), True
        enrolment.save()
    world["c1"].results_published_at = timezone.now()
    world["c1"].save()
    issued = {item.enrolment_id: item for item in certificates_issue(
        user=world["manager"], course=world["c1"], signer_name="Nguyễn Văn Sơn", signer_title="Giám đốc")}
    valid, revoked = issued[world["e1"].pk], issued[world["e2"].pk]
    certificate_revoke(user=world["manager"], certificate=revoked, reason="Khai sai đơn vị công tác")
    return valid, revoked


def test_visitor_verifies_a_valid_and_a_revoked_certificate(certificates, new_page):
    valid, revoked = certificates
    page = new_page()
    page.goto("/training/certificates/verify/")
    expect(page.locator("#logout-button")).to_have_count(0)  # nobody is logged in

    # Typed as a person reads it off the paper: lower case, a space instead of the dash.
    page.fill("#id_code", valid.code.lower().replace("-", " "))
    page.click("#verify-submit")
    expect(page.locator("#verify-holder")).to_have_text("Lý Thị Hoa")
    expect(page.locator("#verify-status")).to_contain_text("còn hiệu lực")
    expect(page.locator("#verify-result")).to_contain_text("Khá")

    page.fill("#id_code", revoked.code)
    page.click("#verify-submit")
    expect(page.locator("#verify-holder")).to_have_text("Trần Văn Bình")
    expect(page.locator("#verify-status")).to_contain_text("đã bị thu hồi")
    expect(page.locator("#verify-status")).to_contain_text("Khai sai đơn vị công tác")

    page.fill("#id_code", "ABCDE-FGHJK")
    page.click("#verify-submit")
    expect(page.locator("#verify-status")).to_contain_text("Không tìm thấy chứng chỉ có mã")
    expect(page.locator("#verify-result")).to_have_count(0)
