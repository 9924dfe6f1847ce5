"""The pages: what each user sees and can do on them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kcn.prevention import selectors, services
from kcn.prevention.models import ChecklistItem, CriteriaSet, EnterpriseLevel, ScenarioPlan, SelfAssessment
from kcn.registry.models import Enterprise, Zone

from .test_services import PLAN

pytestmark = pytest.mark.django_db


@pytest.fixture
def ent(demo):
    return Enterprise.objects.get(user_links__user__username="doanhnghiep")


def test_level_list_shows_every_board_enterprise_with_its_level(demo, login, user_named, ent):
    services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=3)
    response = login("canbo").get(reverse("prevention:level_list"), {"per_page": 200, "level": 3})
    assert response.status_code == 200
    assert [e.pk for e in response.context["table"].records] == [ent.pk]
    everyone = login("quansat").get(reverse("prevention:level_list"), {"per_page": 200})
    assert everyone.context["table"].paginator.count == Enterprise.objects.filter(zone__board=demo).count()
    own = login("doanhnghiep").get(reverse("prevention:level_list"))
    assert [e.pk for e in own.context["table"].records] == [ent.pk]
    assert "Cấp 3 – nguy cơ cao" in own.content.decode()


def test_level_list_exports_the_levels(demo, login, user_named, ent):
    services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=2)
    response = login("lanhdao").get(reverse("prevention:level_list"), {"export": "csv", "level": 2})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    assert ent.tax_code in text and "Cấp 2 – nguy cơ" in text


def test_an_officer_raises_a_level_through_the_form(demo, login, ent):
    services.plan_save(user=ent.user_links.get().user, enterprise=ent, actions=PLAN)
    client = login("truongphong")
    page = client.get(reverse("prevention:enterprise_level", args=[ent.pk]))
    assert page.status_code == 200 and page.context["may_set"]
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(reverse("prevention:enterprise_level_set", args=[ent.pk]), {
        "level": 3, "effective_date": today, "reason": "Có F0 tại xưởng", "expected_current": 0})
    assert response.status_code == 302
    assert selectors.current_level_of(ent).level == 3
    page = login("doanhnghiep").get(reverse("prevention:enterprise_level", args=[ent.pk]))
    assert "Cách ly dây chuyền bị ảnh hưởng" in page.content.decode()


def test_a_stale_or_invalid_level_form_shows_its_errors_and_saves_nothing(demo, login, user_named, ent):
    seen = services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=2)
    services.enterprise_level_set(user=user_named("lanhdao"), enterprise=ent, level=3)
    client = login("truongphong")
    response = client.post(reverse("prevention:enterprise_level_set", args=[ent.pk]), {
        "level": 4, "effective_date": timezone.localdate().strftime("%d/%m/%Y"), "reason": "x",
        "expected_current": seen.pk})
    assert response.status_code == 400
    assert "vừa được người khác thay đổi" in response.content.decode()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(reverse("prevention:enterprise_level_set", args=[ent.pk]), {
        "level": 4, "effective_date": tomorrow, "reason": "x"})
    assert response.status_code == 400 and "tương lai" in response.content.decode()
    assert EnterpriseLevel.objects.count() == 2


@pytest.mark.parametrize("username", ["canbo", "doanhnghiep", "quansat"])
def test_the_level_form_is_not_found_for_those_who_may_not_set_it(demo, login, ent, username):
    client = login(username)
    assert client.get(reverse("prevention:enterprise_level_set", args=[ent.pk])).status_code == 404
    response = client.post(reverse("prevention:enterprise_level_set", args=[ent.pk]), {
        "level": 3, "effective_date": timezone.localdate().strftime("%d/%m/%Y"), "reason": "x"})
    assert response.status_code == 404
    assert not EnterpriseLevel.objects.exists()


def test_an_observer_sees_the_level_but_not_the_checklist_or_plan(demo, login, user_named, ent):
    services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=PLAN)
    services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=3)
    page = login("quansat").get(reverse("prevention:enterprise_level", args=[ent.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cấp 3 – nguy cơ cao" in html and "Cách ly dây chuyền" not in html
    assert login("quansat").get(reverse("prevention:plan_list")).status_code == 404


def test_the_enterprise_ticks_an_item_done_from_its_checklist(demo, login, user_named, ent):
    services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=PLAN)
    checklist = services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=3).checklist
    item = checklist.items.order_by("order").first()
    client = login("doanhnghiep")
    response = client.post(reverse("prevention:item_done", args=[item.pk]), {"note": "Xong", "next": "//evil.com/"})
    assert response.status_code == 302 and response["Location"] == checklist.get_absolute_url()
    item.refresh_from_db()
    assert item.done_by.username == "doanhnghiep"
    assert login("canbo").post(reverse("prevention:item_done", args=[item.pk])).status_code == 404


def test_enterprise_writes_its_plan_and_the_department_asks_for_more(demo, login, ent):
    client = login("doanhnghiep")
    url = reverse("prevention:plan_edit", args=[ent.pk])
    assert client.get(url).status_code == 200
    data = {"actions-TOTAL_FORMS": 3, "actions-INITIAL_FORMS": 0, "base_version": 0,
            "actions-0-level": 3, "actions-0-text": "Tổ chức 3 tại chỗ", "actions-0-owner": "Phòng Nhân sự",
            "actions-0-due_value": 24, "actions-0-due_unit": "hours",
            "actions-1-level": 4, "actions-1-text": "Tạm dừng sản xuất", "actions-1-owner": "Tổng giám đốc",
            "actions-1-due_value": 1, "actions-1-due_unit": "days",
            "actions-2-level": "", "actions-2-text": "", "actions-2-owner": "", "actions-2-due_value": "",
            "actions-2-due_unit": "hours"}
    response = client.post(url, data)
    assert response.status_code == 302
    plan = ScenarioPlan.objects.get(enterprise=ent)
    assert plan.actions.count() == 2
    bad = client.post(url, {**data, "base_version": 1, "actions-1-owner": ""})
    assert bad.status_code == 400 and "chưa ghi người, bộ phận thực hiện" in bad.content.decode()
    review = login("truongphong").post(reverse("prevention:plan_detail", args=[plan.pk]),
                                       {"decision": "needs_more", "comment": "Bổ sung cấp độ 2"})
    assert review.status_code == 302
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Bổ sung cấp độ 2" in page
    assert login("canbo").get(plan.get_absolute_url()).status_code == 404


def test_enterprise_assesses_itself_and_the_department_accepts_from_the_page(demo, login, ent):
    client = login("doanhnghiep")
    criteria_set = CriteriaSet.current()
    data = {f"criterion_{c.pk}": c.options.order_by("order").last().pk for c in criteria_set.criteria.all()}
    missing = dict(data)
    missing.pop(next(iter(missing)))
    assert client.post(reverse("prevention:assessment_add"), missing).status_code == 400
    assert not SelfAssessment.objects.exists()
    response = client.post(reverse("prevention:assessment_add"), data)
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get()
    assert (assessment.score, assessment.proposed_level) == (90, 4)
    department = login("truongphong")
    page = department.get(reverse("prevention:enterprise_level", args=[ent.pk]))
    assert list(page.context["pending_assessments"]) == [assessment]
    response = department.post(assessment.get_absolute_url(), {"accept": "1", "note": ""})
    assert response.status_code == 302
    assert selectors.current_level_of(ent).level == 4


def test_zone_levels_page_groups_zones_and_shows_proposals(demo, login, user_named, ent):
    services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=3)
    zone = Zone.objects.get(code="HNA-DV2")
    page = login("lanhdao").get(reverse("prevention:zone_levels"))
    html = page.content.decode()
    assert page.status_code == 200 and "KCN Đồng Văn II" in html and "Đề xuất từ cấp độ các doanh nghiệp" in html
    response = login("lanhdao").post(reverse("prevention:zone_level_set", args=[zone.pk]), {
        "level": 3, "effective_date": timezone.localdate().strftime("%d/%m/%Y"), "reason": "Theo DN",
        "source": "enterprises"})
    assert response.status_code == 302
    assert selectors.current_zone_level_of(zone).source == "enterprises"
    assert login("canbo").get(reverse("prevention:zone_level_set", args=[zone.pk])).status_code == 404


def test_overdue_items_show_on_the_department_home_and_list(demo, login, user_named, ent):
    services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=PLAN)
    services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=3,
                                  effective_date=timezone.localdate() - datetime.timedelta(days=4))
    home = login("truongphong").get(reverse("core:home")).content.decode()
    assert "Việc quá hạn theo cấp độ dịch" in home and "Cách ly dây chuyền bị ảnh hưởng" in home
    overdue = login("truongphong").get(reverse("prevention:overdue_list"))
    assert overdue.context["table"].paginator.count == 2
    assert login("canbo").get(reverse("prevention:overdue_list")).context["table"].paginator.count == 0
    assert ChecklistItem.objects.count() == 2
    enterprise_home = login("doanhnghiep").get(reverse("core:home")).content.decode()
    assert "2 việc cần làm chưa xong" in enterprise_home


def test_criteria_pages_show_versions(demo, login):
    page = login("doanhnghiep").get(reverse("prevention:criteria_list"))
    assert page.status_code == 200 and "hiện hành" in page.content.decode()
    detail = login("doanhnghiep").get(CriteriaSet.current().get_absolute_url())
    assert "Bếp ăn tập thể" in detail.content.decode()
    assert login("giangvien").get(reverse("prevention:criteria_list")).status_code == 404


def test_menu_entries(demo, login):
    html = login("truongphong").get(reverse("core:home")).content.decode()
    assert "Phòng, chống dịch" in html and "Cấp độ dịch" in html and "Phương án theo cấp độ" in html
    observer = login("quansat").get(reverse("core:home")).content.decode()
    assert "Cấp độ dịch" in observer and "Phương án theo cấp độ" not in observer


def test_list_pages_cost_the_same_queries_however_many_rows(demo, login, user_named):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("lanhdao")
    enterprises = list(Enterprise.objects.filter(zone__board=demo).order_by("pk"))

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"per_page": 100}).status_code == 200
        return len(queries)

    urls = [reverse("prevention:level_list"), reverse("prevention:plan_list"), reverse("prevention:zone_levels")]
    services.enterprise_level_set(user=user_named("lanhdao"), enterprise=enterprises[0], level=2)
    services.plan_save(user=user_named("admin"), enterprise=enterprises[0], actions=PLAN)
    before = [count(url) for url in urls]
    for enterprise in enterprises[1:8]:
        services.enterprise_level_set(user=user_named("lanhdao"), enterprise=enterprise, level=3)
        services.plan_save(user=user_named("admin"), enterprise=enterprise, actions=PLAN)
    assert [count(url) for url in urls] == before


def test_an_administrator_publishes_a_new_criteria_version_from_the_page(demo, login):
    client = login("admin")
    form = client.get(reverse("prevention:criteria_publish"))
    initial = form.context["form"].initial
    assert "- Không có vách ngăn = 10" in initial["criteria_text"] and initial["score_3"] == 45
    bad = client.post(reverse("prevention:criteria_publish"), {
        **initial, "criteria_text": "Bếp ăn tập thể\n- Có vách ngăn = 0\n- Không có vách ngăn = nhiều"})
    assert bad.status_code == 400 and "Dòng 3" in bad.content.decode()
    text = initial["criteria_text"] + "\nSàng lọc xét nghiệm định kỳ\n- Hằng tuần = 0\n- Không thực hiện = 6"
    response = client.post(reverse("prevention:criteria_publish"), {
        **{k: ("" if v is None else v) for k, v in initial.items()}, "criteria_text": text})
    assert response.status_code == 302
    current = CriteriaSet.current()
    assert current.version == 2 and current.criteria.count() == 11
    assert [t.min_score for t in current.score_thresholds.all()] == [0, 25, 45, 65]
    assert [t.min_cases for t in current.case_thresholds.all()] == [1, 10]
    assert CriteriaSet.objects.get(version=1).criteria.count() == 10
    assert login("lanhdao").get(reverse("prevention:criteria_publish")).status_code == 404
