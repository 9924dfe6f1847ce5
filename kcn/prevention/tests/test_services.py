"""Service tests: every rule of levels, assessments, plans and checklists."""

import datetime
import sys
import types

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kcn.communications.models import Notification
from kcn.prevention import selectors, services
from kcn.prevention.choices import AssessmentStatus, Level, LevelSource, PlanStatus, ZoneRule
from kcn.prevention.models import (
    Checklist,
    ChecklistItem,
    CriteriaSet,
    EnterpriseLevel,
    ScenarioPlan,
    SelfAssessment,
    ZoneLevel,
)
from kcn.registry.models import Enterprise, Zone

pytestmark = pytest.mark.django_db

PLAN = [
    {"level": 2, "text": "Tăng tần suất khử khuẩn nhà xưởng", "owner": "Tổ an toàn COVID-19", "due_value": 24,
     "due_unit": "hours"},
    {"level": 3, "text": "Cách ly dây chuyền bị ảnh hưởng", "owner": "Quản đốc xưởng", "due_value": 4,
     "due_unit": "hours"},
    {"level": 3, "text": "Tổ chức 3 tại chỗ cho bộ phận sản xuất chính", "owner": "Phòng Hành chính – Nhân sự",
     "due_value": 2, "due_unit": "days"},
    {"level": 4, "text": "Tạm dừng sản xuất", "owner": "Tổng giám đốc", "due_value": 12, "due_unit": "hours"},
]


@pytest.fixture
def ent(demo):
    return Enterprise.objects.get(user_links__user__username="doanhnghiep")


@pytest.fixture
def ent_cs(demo):
    return Enterprise.objects.filter(zone__code="HNA-CS").order_by("pk").first()


def _answers(criteria_set, pick):
    """criterion id → the option at index ``pick`` (clamped) of each criterion."""
    answers = {}
    for criterion in criteria_set.criteria.all():
        options = list(criterion.options.all())
        answers[criterion.pk] = options[min(pick, len(options) - 1)].pk
    return answers


# --- Criteria


def test_default_criteria_set_is_shipped_by_the_migration():
    criteria_set = CriteriaSet.current()
    assert criteria_set.version == 1
    assert criteria_set.criteria.count() == 10
    assert "Bếp ăn tập thể" in list(criteria_set.criteria.values_list("text", flat=True))
    assert criteria_set.max_score == 90
    assert [criteria_set.level_for_score(s) for s in (0, 24, 25, 44, 45, 64, 65, 90)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert [criteria_set.level_for_cases(n) for n in (0, 1, 9, 10)] == [None, 3, 3, 4]


def test_publishing_criteria_makes_a_new_version_and_old_assessments_keep_theirs(demo, user_named, ent):
    old = CriteriaSet.current()
    assessment = services.assessment_submit(user=user_named("doanhnghiep"), enterprise=ent,
                                            answers=_answers(old, 0))
    new = services.criteria_set_publish(user=user_named("admin"), data={
        "name": "Bộ tiêu chí rút gọn", "criteria": [
            {"text": "Bếp ăn tập thể", "options": [{"text": "Có vách ngăn", "score": 0},
                                                   {"text": "Không có vách ngăn", "score": 50}]}],
        "score_thresholds": [{"min_score": 0, "level": 1}, {"min_score": 50, "level": 3}],
        "case_thresholds": [{"min_cases": 1, "level": 4}],
    })
    assert new.version == 2 and CriteriaSet.current() == new
    assessment.refresh_from_db()
    assert assessment.criteria_set == old
    assert old.criteria.count() == 10
    second = services.assessment_submit(user=user_named("doanhnghiep"), enterprise=ent, answers=_answers(new, 1))
    assert (second.criteria_set, second.score, second.proposed_level) == (new, 50, 3)


def test_only_an_administrator_publishes_criteria_and_bad_thresholds_are_refused(demo, user_named):
    data = {"name": "X", "criteria": [{"text": "A", "options": [{"text": "a", "score": 0}, {"text": "b", "score": 1}]}],
            "score_thresholds": [{"min_score": 10, "level": 1}, {"min_score": 5, "level": 2}]}
    with pytest.raises(PermissionDenied):
        services.criteria_set_publish(user=user_named("lanhdao"), data=data)
    with pytest.raises(ValidationError) as error:
        services.criteria_set_publish(user=user_named("admin"), data=data)
    assert "score_thresholds" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.criteria_set_publish(user=user_named("admin"), data={**data, "criteria": [
            {"text": "A", "options": [{"text": "a", "score": 0}]}], "score_thresholds": []})
    assert CriteriaSet.objects.count() == 1


# --- Levels


def test_officer_of_the_monitoring_department_raises_a_level_and_the_plan_becomes_a_checklist(
        demo, user_named, ent):
    services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=PLAN)
    before = timezone.now()
    change = services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=3,
                                           reason="Có F0 tại xưởng may số 2")
    assert selectors.current_level_of(ent) == change
    assert (change.level, change.source, change.set_by.username) == (3, LevelSource.OFFICER, "truongphong")
    checklist = change.checklist
    items = list(checklist.items.order_by("order"))
    assert [item.text for item in items] == ["Cách ly dây chuyền bị ảnh hưởng",
                                             "Tổ chức 3 tại chỗ cho bộ phận sản xuất chính"]
    assert items[0].owner == "Quản đốc xưởng"
    assert before + datetime.timedelta(hours=4) <= items[0].due_at <= timezone.now() + datetime.timedelta(hours=4)
    assert items[1].due_at - checklist.effective_at == datetime.timedelta(days=2)
    note = Notification.objects.get(recipient__username="doanhnghiep")
    assert "Cấp 3" in note.title and "2 việc cần làm" in note.body


def test_a_past_effective_date_counts_due_times_from_that_day(demo, user_named, ent):
    services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=PLAN)
    day = timezone.localdate() - datetime.timedelta(days=3)
    change = services.enterprise_level_set(user=user_named("lanhdao"), enterprise=ent, level=4, effective_date=day)
    item = change.checklist.items.get()
    assert timezone.localtime(item.due_at) == timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(12, 0)))
    assert item.is_overdue


def test_without_a_plan_for_the_level_the_checklist_asks_for_one_and_the_department_is_told(
        demo, user_named, ent):
    services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=2)
    item = ChecklistItem.objects.get(checklist__enterprise=ent)
    assert item.is_plan_missing and item.text == "Lập phương án cho cấp độ 2"
    told = set(Notification.objects.filter(title__contains="chưa có phương án")
               .values_list("recipient__username", flat=True))
    assert "truongphong" in told and "canbo" not in told and "doanhnghiep" not in told


@pytest.mark.parametrize("username", ["canbo", "doanhnghiep", "quansat", "giangvien"])
def test_nobody_else_sets_an_enterprise_level(demo, user_named, ent, username):
    with pytest.raises(PermissionDenied):
        services.enterprise_level_set(user=user_named(username), enterprise=ent, level=3)
    assert not EnterpriseLevel.objects.exists() and not Notification.objects.exists()


def test_bad_level_changes_are_refused_and_nothing_is_saved(demo, user_named, ent):
    officer = user_named("truongphong")
    with pytest.raises(ValidationError):
        services.enterprise_level_set(user=officer, enterprise=ent, level=5)
    with pytest.raises(ValidationError) as error:
        services.enterprise_level_set(user=officer, enterprise=ent, level=2,
                                      effective_date=timezone.localdate() + datetime.timedelta(days=1))
    assert "tương lai" in str(error.value)
    first = services.enterprise_level_set(user=officer, enterprise=ent, level=2)
    with pytest.raises(ValidationError) as error:
        services.enterprise_level_set(user=officer, enterprise=ent, level=2)
    assert "đang ở Cấp 2" in str(error.value)
    with pytest.raises(ValidationError):
        services.enterprise_level_set(user=officer, enterprise=ent, level=3,
                                      effective_date=timezone.localdate() - datetime.timedelta(days=1))
    assert list(EnterpriseLevel.objects.all()) == [first]
    assert Checklist.objects.count() == 1


def test_a_decision_on_a_level_changed_meanwhile_is_refused(demo, user_named, ent):
    seen = services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=2)
    services.enterprise_level_set(user=user_named("lanhdao"), enterprise=ent, level=3, expected_current=seen.pk)
    with pytest.raises(ValidationError) as error:
        services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=1,
                                      expected_current=seen.pk)
    assert "vừa được người khác thay đổi" in str(error.value)
    assert selectors.current_level_of(ent).level == 3


def test_a_new_level_supersedes_the_previous_checklist(demo, user_named, ent):
    officer = user_named("truongphong")
    services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=PLAN)
    first = services.enterprise_level_set(user=officer, enterprise=ent, level=3).checklist
    second = services.enterprise_level_set(user=officer, enterprise=ent, level=4).checklist
    first.refresh_from_db()
    assert first.superseded_at is not None and second.superseded_at is None
    assert selectors.current_checklist(ent) == second


def test_zone_levels_are_set_by_the_monitoring_department_or_leaders(demo, user_named):
    zone = Zone.objects.get(code="HNA-DV2")
    with pytest.raises(PermissionDenied):
        services.zone_level_set(user=user_named("canbo"), zone=zone, level=3)
    row = services.zone_level_set(user=user_named("truongphong"), zone=zone, level=3, reason="Ổ dịch tại 2 DN")
    assert selectors.current_zone_level_of(zone) == row
    services.zone_level_set(user=user_named("lanhdao"), zone=zone, level=2)
    assert ZoneLevel.objects.count() == 2


# --- Proposals


def test_zone_proposal_follows_its_enterprises_by_the_rule_in_the_criteria(demo):
    criteria_set = CriteriaSet.current()
    assert selectors.zone_proposed_level([], 10, criteria_set) is None
    assert selectors.zone_proposed_level([1, 1, 4], 10, criteria_set) == 4
    criteria_set.zone_rule, criteria_set.zone_share_percent = ZoneRule.SHARE, 20
    # 1 of 10 at level 4 (10 %) is not enough; with the 2 at level 3, 3 of 10 are at 3 or above.
    assert selectors.zone_proposed_level([1, 1, 3, 3, 4], 10, criteria_set) == 3
    assert selectors.zone_proposed_level([1, 2], 10, criteria_set) == 1


def test_zone_rows_show_current_and_proposed_levels(demo, user_named, ent):
    services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=3)
    rows = {row["zone"].code: row for row in selectors.zone_rows(user_named("canbo"))}
    assert rows["HNA-DV2"]["proposed"] == 3 and rows["HNA-DV2"]["level"] is None
    assert rows["HNA-CS"]["proposed"] is None
    assert set(rows) == set(Zone.objects.filter(board=demo).values_list("code", flat=True))
    assert [row["zone"].code for row in selectors.zone_rows(user_named("doanhnghiep"))] == ["HNA-DV2"]


def test_case_proposal_uses_tracing_counts_when_tracing_offers_them(demo, monkeypatch, ent):
    fake = types.ModuleType("kcn.tracing.selectors")
    fake.active_case_count = lambda enterprise_ids, on: {pk: 2 for pk in enterprise_ids}
    monkeypatch.setitem(sys.modules, "kcn.tracing.selectors", fake)
    assert selectors.case_proposal(ent) == (2, Level.HIGH_RISK)
    fake.active_case_count = lambda enterprise_ids, on: 12  # a total is understood too
    assert selectors.case_proposal(ent) == (12, Level.VERY_HIGH_RISK)
    fake.active_case_count = lambda enterprise_ids, on: 0
    assert selectors.case_proposal(ent) is None


def test_without_tracing_there_is_no_case_proposal(demo, monkeypatch, ent):
    monkeypatch.setitem(sys.modules, "kcn.tracing.selectors", None)  # import fails
    assert selectors.case_proposal(ent) is None


# --- Self-assessment


def test_self_assessment_scores_and_proposes_and_the_department_accepts(demo, user_named, ent):
    criteria_set = CriteriaSet.current()
    assessment = services.assessment_submit(user=user_named("doanhnghiep"), enterprise=ent,
                                            answers=_answers(criteria_set, 2))
    # Third answers: 8 + 7 + 8 + 6 + 8 + 8 + 10 + 7 + 8 + 8 = 78 → level 4.
    assert (assessment.score, assessment.proposed_level, assessment.status) == (78, 4, AssessmentStatus.SUBMITTED)
    assert assessment.answers.count() == 10
    assert Notification.objects.filter(recipient__username="truongphong", title__contains="tự đánh giá").exists()
    with pytest.raises(PermissionDenied):
        services.assessment_review(user=user_named("canbo"), assessment=assessment, accept=True)
    with pytest.raises(PermissionDenied):
        services.assessment_review(user=user_named("doanhnghiep"), assessment=assessment, accept=True)
    services.assessment_review(user=user_named("truongphong"), assessment=assessment, accept=True)
    level = selectors.current_level_of(ent)
    assert (level.level, level.source, level.assessment) == (4, LevelSource.ASSESSMENT, assessment)
    with pytest.raises(ValidationError):
        services.assessment_review(user=user_named("lanhdao"), assessment=assessment, accept=False, note="Không")


def test_rejecting_an_assessment_needs_a_reason_and_sets_no_level(demo, user_named, ent):
    assessment = services.assessment_submit(user=user_named("doanhnghiep"), enterprise=ent,
                                            answers=_answers(CriteriaSet.current(), 0))
    with pytest.raises(ValidationError):
        services.assessment_review(user=user_named("truongphong"), assessment=assessment, accept=False)
    services.assessment_review(user=user_named("truongphong"), assessment=assessment, accept=False,
                               note="Tỷ lệ tiêm chủng chưa đúng thực tế")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.REJECTED and not EnterpriseLevel.objects.exists()


def test_an_incomplete_or_foreign_answer_sheet_is_refused_whole(demo, user_named, ent, ent_cs):
    criteria_set = CriteriaSet.current()
    answers = _answers(criteria_set, 0)
    first = next(iter(answers))
    incomplete = {key: value for key, value in answers.items() if key != first}
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(user=user_named("doanhnghiep"), enterprise=ent, answers=incomplete)
    assert f"criterion_{first}" in error.value.message_dict
    other_option = list(answers.values())[1]
    with pytest.raises(ValidationError):
        services.assessment_submit(user=user_named("doanhnghiep"), enterprise=ent,
                                   answers={**answers, first: other_option})
    with pytest.raises(PermissionDenied):
        services.assessment_submit(user=user_named("doanhnghiep"), enterprise=ent_cs, answers=answers)
    with pytest.raises(PermissionDenied):
        services.assessment_submit(user=user_named("truongphong"), enterprise=ent, answers=answers)
    assert not SelfAssessment.objects.exists()


# --- Plans


def test_plan_is_edited_in_place_until_reviewed_then_versioned(demo, user_named, ent):
    company = user_named("doanhnghiep")
    plan = services.plan_save(user=company, enterprise=ent, actions=PLAN[:2])
    assert (plan.version, plan.status, plan.actions.count()) == (1, PlanStatus.SUBMITTED, 2)
    same = services.plan_save(user=company, enterprise=ent, actions=PLAN, base_version=1)
    assert same.pk == plan.pk and same.actions.count() == 4
    services.plan_review(user=user_named("truongphong"), plan=plan, decision="seen")
    newer = services.plan_save(user=company, enterprise=ent, actions=PLAN[1:], base_version=1)
    assert (newer.version, newer.status, newer.actions.count()) == (2, PlanStatus.SUBMITTED, 3)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SEEN and plan.actions.count() == 4
    with pytest.raises(ValidationError) as error:
        services.plan_save(user=company, enterprise=ent, actions=PLAN, base_version=1)
    assert "phiên bản khác" in str(error.value)
    with pytest.raises(ValidationError):  # only the latest version is reviewed
        services.plan_review(user=user_named("truongphong"), plan=plan, decision="seen")


def test_asking_for_more_needs_a_comment_and_tells_the_enterprise(demo, user_named, ent):
    plan = services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=PLAN)
    with pytest.raises(ValidationError):
        services.plan_review(user=user_named("truongphong"), plan=plan, decision="needs_more")
    with pytest.raises(PermissionDenied):
        services.plan_review(user=user_named("canbo"), plan=plan, decision="seen")
    services.plan_review(user=user_named("truongphong"), plan=plan, decision="needs_more",
                         comment="Bổ sung biện pháp cho cấp độ 1")
    assert Notification.objects.filter(recipient__username="doanhnghiep", body__contains="cấp độ 1").exists()


def test_invalid_plan_rows_are_refused_whole(demo, user_named, ent):
    rows = [PLAN[0], {"level": 7, "text": "", "owner": "", "due_value": -1, "due_unit": "weeks"}]
    with pytest.raises(ValidationError) as error:
        services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=rows)
    message = " ".join(error.value.messages)
    assert "Biện pháp 2" in message and "cấp độ phải là 1, 2, 3 hoặc 4" in message
    with pytest.raises(ValidationError):
        services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=[])
    with pytest.raises(PermissionDenied):
        services.plan_save(user=user_named("truongphong"), enterprise=ent, actions=PLAN)
    assert not ScenarioPlan.objects.exists()


# --- Checklists


def test_an_item_is_ticked_once_by_the_enterprise_or_its_department(demo, user_named, ent):
    services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=PLAN)
    change = services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=3)
    first, second = change.checklist.items.order_by("order")
    with pytest.raises(PermissionDenied):
        services.checklist_item_done(user=user_named("canbo"), item=first)
    done = services.checklist_item_done(user=user_named("doanhnghiep"), item=first, note="Đã cách ly chuyền 5")
    assert done.done_by.username == "doanhnghiep" and done.note == "Đã cách ly chuyền 5"
    with pytest.raises(ValidationError) as error:
        services.checklist_item_done(user=user_named("truongphong"), item=first)
    assert "đã được" in str(error.value)
    services.checklist_item_done(user=user_named("truongphong"), item=second)


def test_overdue_items_show_to_the_monitoring_department_only(demo, user_named, ent):
    services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=PLAN)
    services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=3,
                                  effective_date=timezone.localdate() - datetime.timedelta(days=5))
    overdue = selectors.overdue_items(user_named("truongphong"))
    assert overdue.count() == 2
    assert selectors.overdue_items(user_named("canbo")).count() == 0
    assert selectors.overdue_items(user_named("quansat")).count() == 0
    services.checklist_item_done(user=user_named("doanhnghiep"), item=overdue.first())
    assert selectors.overdue_items(user_named("truongphong")).count() == 1
    assert selectors.overdue_items(user_named("doanhnghiep")).count() == 1


def test_levels_are_visible_board_wide_but_plans_only_within_enterprise_scope(demo, user_named, ent):
    services.plan_save(user=user_named("doanhnghiep"), enterprise=ent, actions=PLAN)
    services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=2)
    for username in ("canbo", "lanhdao", "quansat", "truongphong", "doanhnghiep"):
        assert EnterpriseLevel.objects.restrict(user_named(username)).count() == 1, username
    assert ScenarioPlan.objects.restrict(user_named("canbo")).count() == 0
    assert ScenarioPlan.objects.restrict(user_named("quansat")).count() == 0
    assert ScenarioPlan.objects.restrict(user_named("lanhdao")).count() == 1
    assert Checklist.objects.restrict(user_named("truongphong")).count() == 1
