"""A programme manager creates a course with its modules, adds a session (its days come from the
dates, the last one in the field), marks a half day, and enrols a new trainee from the course page."""

import datetime

import pytest
from playwright.sync_api import expect

from .conftest import login_as


@pytest.fixture
def world(demo_live):
    from kcn.training.tests.world import build_world

    return build_world()


def test_manager_creates_a_course_with_a_session_and_enrols_a_trainee(world, new_page, live_server):
    from kcn.training.models import Course

    start = datetime.date(2026, 10, 5)
    page = new_page()
    login_as(page, live_server, "quanlychuongtrinh")
    page.locator("#kcn-nav").get_by_role("button", name="Đào tạo").click()
    page.locator("#kcn-nav").get_by_role("link", name="Khóa đào tạo").click()
    page.click("#add-button")
    page.select_option("#id_programme", value=str(world["p1"].pk))
    page.fill("#id_number", "3")
    page.fill("#id_name", "Đánh giá nhanh SXSH")
    page.fill("#id_start_date", start.strftime("%d/%m/%Y"))
    page.fill("#id_end_date", (start + datetime.timedelta(days=60)).strftime("%d/%m/%Y"))
    page.select_option("#id_trainers", value=str(world["trainer"].pk))
    page.fill("#id_modules_text", "Lập kế hoạch\nThực hiện")
    page.click("#save-button")
    expect(page.locator("#object-title")).to_have_text("Khóa 3: Đánh giá nhanh SXSH")
    expect(page.locator("#module-list li")).to_have_count(2)

    page.click("#add-session")
    page.fill("#id_place", "Trung tâm Hội nghị Ninh Bình")
    page.select_option("#id_province", value="37")
    page.fill("#id_start_date", start.strftime("%d/%m/%Y"))
    page.fill("#id_end_date", (start + datetime.timedelta(days=4)).strftime("%d/%m/%Y"))
    page.select_option("#id_trainers", value=str(world["trainer"].pk))
    page.click("#save-button")
    expect(page.locator("#session-days")).to_have_text("4 ngày trên lớp, 1 ngày tham quan thực tế")
    page.locator("#days-form input[type=checkbox]").nth(3).check()
    page.click("#days-save")
    expect(page.locator("#session-days")).to_have_text("3,5 ngày trên lớp, 1 ngày tham quan thực tế")

    course = Course.objects.get(programme=world["p1"], number=3)
    page.goto(f"{live_server.url}{course.get_absolute_url()}")
    page.click("#add-enrolment")
    page.fill("#id_full_name", "Phạm Văn Đức")
    page.fill("#id_organisation", "Trung tâm Khuyến công Ninh Bình")
    page.select_option("#id_organisation_type", value="promotion_centre")
    page.click("#save-button")
    expect(page.locator("#enrolment-table")).to_contain_text("Phạm Văn Đức")
    expect(page.locator("#enrolment-table")).to_contain_text("Trung tâm Khuyến công Ninh Bình")
