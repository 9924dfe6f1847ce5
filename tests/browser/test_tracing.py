"""An officer of the department monitoring KCN Đồng Văn II records an F0, sees the proposed F1s,
confirms some, rejects one, and the statuses show on the case page."""

import datetime

import pytest
from playwright.sync_api import expect

from .conftest import login_as


@pytest.fixture
def factory_floor(demo_live):
    """A team of the demo enterprise (doanhnghiep's, in KCN Đồng Văn II) and a roommate next door."""
    from kcn.registry.models import Enterprise, EnterpriseUser
    from kcn.tracing.tests.factories import ensure_default_rule, make_workers

    ensure_default_rule()
    own = EnterpriseUser.objects.get(user__username="doanhnghiep").enterprise
    workers = make_workers(own, [
        {"full_name": "Nguyễn Văn An", "identity_number": "035090000001", "team": "Tổ 3", "shift": "Ca 1"},
        {"full_name": "Trần Thị Bình", "team": "Tổ 3", "shift": "Ca 1", "dormitory": "Khu B", "room": "204"},
        {"full_name": "Lê Văn Cường", "team": "Tổ 3", "shift": "Ca 1"},
        {"full_name": "Phạm Thị Dung", "team": "Tổ 3", "shift": "Ca 1"},
    ])
    neighbour = Enterprise.objects.filter(zone=own.zone).exclude(pk=own.pk).order_by("pk").first()
    make_workers(neighbour, [{"full_name": "Đỗ Văn Em", "dormitory": "Khu B", "room": "204"}])
    return workers


def test_officer_records_f0_confirms_and_rejects_proposed_f1s(factory_floor, page, live_server):
    login_as(page, live_server, "truongphong")
    page.goto(f"{live_server.url}/tracing/cases/")
    page.click("#add-button")
    page.fill("#id_identity_number", "035090000001")
    from django.utils import timezone

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.fill("#id_positive_test_date", yesterday.strftime("%d/%m/%Y"))
    page.fill("#id_isolation_place", "Bệnh viện Đa khoa tỉnh Hà Nam")
    page.click("#save-button")

    expect(page.locator(".alert-success")).to_contain_text("đề xuất 4 người tiếp xúc")
    expect(page.locator("#object-title")).to_contain_text("Nguyễn Văn An")
    expect(page.locator("#chain-graph")).to_be_visible()
    table = page.locator("#contact-table")
    for name in ("Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"):
        expect(table.locator(f'tr[data-name="{name}"] td').nth(1)).to_have_text("F1")
    expect(table.locator('tr[data-name="Đỗ Văn Em"]')).to_contain_text("F2")
    expect(table.locator('tr[data-name="Đỗ Văn Em"]')).to_contain_text("cùng khu nhà ở Khu B, phòng 204")

    # Confirm two F1s at once.
    for name in ("Trần Thị Bình", "Lê Văn Cường"):
        table.locator(f'tr[data-name="{name}"] input[name="contact"]').check()
    page.click("#confirm-selected")
    expect(page.locator(".alert-success")).to_contain_text("Đã xác nhận 2 người")
    # Reject one from its row.
    page.locator('#contact-table tr[data-name="Phạm Thị Dung"] .reject-one').click()
    expect(page.locator(".alert-success")).to_contain_text("Đã loại")

    table = page.locator("#contact-table")
    expect(table.locator('tr[data-name="Trần Thị Bình"] .decision')).to_have_text("Đã xác nhận")
    expect(table.locator('tr[data-name="Lê Văn Cường"] .decision')).to_have_text("Đã xác nhận")
    expect(table.locator('tr[data-name="Phạm Thị Dung"] .decision')).to_have_text("Đã loại")
    expect(table.locator('tr[data-name="Đỗ Văn Em"] .decision')).to_have_text("Chờ xác nhận")
    counts = page.locator('#contact-counts tr[data-generation="1"] td')
    expect(counts).to_have_text(["0", "2", "1"])

    # A confirmed contact starts isolating: the status shows with its date.
    table.locator('tr[data-name="Trần Thị Bình"] .status-link').click()
    page.select_option("#id_status", "isolating")
    page.click("#save-button")
    expect(page.locator(".alert-success")).to_contain_text("Đang cách ly")
    expect(page.locator('#contact-table tr[data-name="Trần Thị Bình"] .person-status')).to_contain_text(
        "Đang cách ly")
