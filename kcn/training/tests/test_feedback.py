"""Session feedback: a trainee scores a session once, in range; the summary's numbers by hand."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kcn.training.models import Feedback, FeedbackCriterion, FeedbackScore, Session
from kcn.training.selectors.feedback import feedback_stats
from kcn.training.services.feedback import feedback_criteria_save, feedback_submit, score_field

pytestmark = pytest.mark.django_db


def _criteria(world, programme="p1"):
    return list(FeedbackCriterion.objects.filter(programme=world[programme]).order_by("order"))


def _scores(world, *values):
    return {criterion.pk: Decimal(str(value)) for criterion, value in zip(_criteria(world), values, strict=True)}


def test_submit_writes_scores_and_their_mean(training_world):
    world = training_world
    feedback = feedback_submit(user=world["trainee_user"], session=world["s1"], enrolment=world["e1"],
                               scores=_scores(world, 9, "8.5", 7), comment=" Rất bổ ích ")
    assert feedback.average == Decimal("8.17")  # (9 + 8.5 + 7) / 3 = 8.1666…
    assert feedback.comment == "Rất bổ ích"
    assert sorted(feedback.scores.values_list("score", flat=True)) == [Decimal("7"), Decimal("8.5"), Decimal("9")]


def test_second_feedback_on_a_session_is_refused(training_world):
    world = training_world
    feedback_submit(user=world["trainee_user"], session=world["s1"], enrolment=world["e1"],
                    scores=_scores(world, 9, 9, 9))
    with pytest.raises(ValidationError) as error:
        feedback_submit(user=world["trainee_user"], session=world["s1"], enrolment=world["e1"],
                        scores=_scores(world, 5, 5, 5))
    assert error.value.messages == ["Bạn đã đánh giá đợt này."]
    assert Feedback.objects.count() == 1 and FeedbackScore.objects.count() == 3


@pytest.mark.parametrize("bad", ["10.5", "-1", "100"])
def test_score_out_of_range_names_the_criterion_and_saves_nothing(training_world, bad):
    world = training_world
    criteria = _criteria(world)
    with pytest.raises(ValidationError) as error:
        feedback_submit(user=world["trainee_user"], session=world["s1"], enrolment=world["e1"],
                        scores=_scores(world, 8, bad, 7))
    assert list(error.value.message_dict) == [score_field(criteria[1].pk)]
    assert error.value.message_dict[score_field(criteria[1].pk)] == [
        "Điểm của tiêu chí “Phương pháp giảng dạy” phải từ 0 đến 10."]
    assert not Feedback.objects.exists() and not FeedbackScore.objects.exists()


def test_missing_score_and_session_not_started(training_world):
    world = training_world
    scores = _scores(world, 8, 8, 8)
    scores.pop(_criteria(world)[2].pk)
    with pytest.raises(ValidationError) as error:
        feedback_submit(user=world["trainee_user"], session=world["s1"], enrolment=world["e1"], scores=scores)
    assert "Công tác tổ chức" in " ".join(error.value.messages)
    later = Session.objects.create(course=world["c1"], number=2, place="Thái Nguyên",
                                   start_date=timezone.localdate() + datetime.timedelta(days=30),
                                   end_date=timezone.localdate() + datetime.timedelta(days=34))
    with pytest.raises(ValidationError) as error:
        feedback_submit(user=world["trainee_user"], session=later, enrolment=world["e1"],
                        scores=_scores(world, 8, 8, 8))
    assert "bạn đánh giá được từ ngày đó" in " ".join(error.value.messages)
    assert not Feedback.objects.exists()


def test_only_the_enrolled_trainee_of_that_course(training_world):
    world = training_world
    for user, session, enrolment in ((world["manager"], world["s1"], world["e1"]),
                                     (world["trainee_user"], world["s1"], world["e2"]),  # a classmate's
                                     (world["trainee_user"], world["s2"], world["e1"]),  # another course
                                     (world["other_trainee_user"], world["s1"], world["e1"])):
        with pytest.raises(PermissionDenied):
            feedback_submit(user=user, session=session, enrolment=enrolment, scores=_scores(world, 8, 8, 8))
    assert not Feedback.objects.exists()


def _feedback(session, enrolment, criteria, values, comment=""):
    values = [Decimal(str(value)) for value in values]
    feedback = Feedback.objects.create(session=session, enrolment=enrolment, comment=comment,
                                       average=(sum(values) / len(values)).quantize(Decimal("0.01")))
    FeedbackScore.objects.bulk_create(FeedbackScore(feedback=feedback, criterion=criterion, score=value)
                                      for criterion, value in zip(criteria, values, strict=True))
    return feedback


@pytest.fixture
def scored(training_world):
    """Two sessions of course 1 scored by both trainees, and P2's session scored by its trainee."""
    world = training_world
    criteria = _criteria(world)
    s1b = Session.objects.create(course=world["c1"], number=2, place="Thái Nguyên",
                                 start_date=world["s1"].start_date - datetime.timedelta(days=60),
                                 end_date=world["s1"].start_date - datetime.timedelta(days=56))
    _feedback(world["s1"], world["e1"], criteria, [9, 9, 9], "Rất bổ ích")   # 9.00
    _feedback(world["s1"], world["e2"], criteria, [8, 9, 10])                # 9.00
    _feedback(s1b, world["e1"], criteria, [7, 8, 6], "Phòng học chật")        # 7.00
    _feedback(s1b, world["e2"], criteria, [8, 7, 9.5])                        # 8.17
    _feedback(world["s2"], world["e3"], _criteria(world, "p2"), [1, 1, 1], "Khác chương trình")
    return {**world, "s1b": s1b}


def test_stats_by_hand(scored, django_assert_max_num_queries):
    world = scored
    with django_assert_max_num_queries(5):
        stats = feedback_stats(user=world["manager"], programme=world["p1"])
    sessions = {row["session"].pk: row for row in stats["sessions"]}
    assert sessions[world["s1"].pk]["average"] == Decimal("9.00") and sessions[world["s1"].pk]["responses"] == 2
    # (7.00 + 8.17) / 2 = 7.585 → 7.59 (half up)
    assert sessions[world["s1b"].pk]["average"] == Decimal("7.59")
    assert stats["highest"]["session"] == world["s1"] and stats["lowest"]["session"] == world["s1b"]
    # Programme and course: (9 + 9 + 7 + 8.17) / 4 = 8.2925 → 8.29
    assert stats["responses"] == 4 and stats["average"] == Decimal("8.29")
    assert [(row["course"], row["average"]) for row in stats["courses"]] == [(world["c1"], Decimal("8.29"))]
    criteria = {row["criterion"].text: row["average"] for row in stats["criteria"]}
    assert criteria == {"Nội dung đáp ứng nhu cầu": Decimal("8.00"),      # (9 + 8 + 7 + 8) / 4
                        "Phương pháp giảng dạy": Decimal("8.25"),         # (9 + 9 + 8 + 7) / 4
                        "Công tác tổ chức": Decimal("8.63")}              # (9 + 10 + 6 + 9.5) / 4 = 8.625
    assert sorted(item.comment for item in stats["comments"]) == ["Phòng học chật", "Rất bổ ích"]


def test_stats_queries_do_not_grow(scored, django_assert_max_num_queries):
    world = scored
    for number in range(3, 8):
        session = Session.objects.create(course=world["c1"], number=number, place=f"Nơi {number}",
                                         start_date=world["s1"].start_date, end_date=world["s1"].end_date)
        _feedback(session, world["e1"], _criteria(world), [number, number, number])
    with django_assert_max_num_queries(5):
        stats = feedback_stats(user=world["manager"], programme=world["p1"])
    assert stats["highest"]["average"] == Decimal("9.00") and stats["lowest"]["average"] == Decimal("3.00")


def test_trainer_sees_averages_but_no_comments(scored):
    stats = feedback_stats(user=scored["trainer"], programme=scored["p1"])
    assert stats["responses"] == 4 and stats["comments"] == [] and not stats["show_comments"]
    with pytest.raises(PermissionDenied):
        feedback_stats(user=scored["trainee_user"], programme=scored["p1"])


def test_pages_add_summary_export_and_criteria(scored, login):
    world = scored
    criteria = _criteria(world)
    trainee = login("hocvien")
    url = reverse("training:feedback_add", args=[world["s1"].pk])
    page = trainee.get(url)
    assert page.status_code == 200 and "Bạn đã đánh giá đợt này" in page.content.decode()
    Feedback.objects.filter(enrolment=world["e1"], session=world["s1"]).delete()
    page = trainee.get(url)
    assert 'id="feedback-form"' in page.content.decode()
    data = {score_field(criteria[0].pk): "9", score_field(criteria[1].pk): "11", score_field(criteria[2].pk): "8,5"}
    bad = trainee.post(url, data)
    assert bad.status_code == 400 and "Điểm của tiêu chí “Phương pháp giảng dạy” phải từ 0 đến 10." in \
        bad.content.decode()
    assert not Feedback.objects.filter(enrolment=world["e1"], session=world["s1"]).exists()
    data[score_field(criteria[1].pk)] = "8.5"
    assert trainee.post(url, data).status_code == 302
    assert Feedback.objects.get(enrolment=world["e1"], session=world["s1"]).average == Decimal("8.67")
    assert trainee.get(reverse("training:feedback_summary")).status_code == 404

    manager = login("quanlychuongtrinh")
    summary = manager.get(reverse("training:feedback_summary"), {"programme": world["p1"].pk})
    assert summary.status_code == 200 and "Cao nhất" in summary.content.decode()
    assert manager.get(reverse("training:feedback_summary"), {"programme": world["p2"].pk}).status_code == 404
    export = manager.get(reverse("training:feedback_summary"), {"programme": world["p1"].pk, "export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")

    edit = reverse("training:feedback_criteria", args=[world["p1"].pk])
    form = manager.get(edit)
    assert form.status_code == 200
    post = {"form-TOTAL_FORMS": "4", "form-INITIAL_FORMS": "3", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "50"}
    for index, criterion in enumerate(criteria):
        post.update({f"form-{index}-id": criterion.pk, f"form-{index}-text": criterion.text,
                     f"form-{index}-order": index, f"form-{index}-is_active": "on"})
    post[f"form-{2}-is_active"] = ""
    post.update({"form-3-text": "Tài liệu", "form-3-order": "5", "form-3-is_active": "on"})
    assert manager.post(edit, post).status_code == 302
    assert list(FeedbackCriterion.objects.filter(programme=world["p1"], is_active=True)
                .values_list("text", flat=True)) == ["Nội dung đáp ứng nhu cầu", "Phương pháp giảng dạy", "Tài liệu"]
    assert login("giangvien").get(edit).status_code == 404
    assert manager.get(reverse("training:feedback_criteria", args=[world["p2"].pk])).status_code == 404


def test_criteria_need_one_in_use(training_world):
    world = training_world
    rows = [{"id": item.pk, "text": item.text, "order": item.order, "is_active": False} for item in _criteria(world)]
    with pytest.raises(ValidationError):
        feedback_criteria_save(user=world["manager"], programme=world["p1"], rows=rows)
    assert FeedbackCriterion.objects.filter(programme=world["p1"], is_active=True).count() == 3


def test_api_post_twice_and_stats(scored, api):
    world = scored
    Feedback.objects.filter(enrolment=world["e1"], session=world["s1"]).delete()
    trainee = api("hocvien")
    body = {"session": world["s1"].pk, "comment": "Tốt",
            "scores": [{"criterion": item.pk, "score": "9"} for item in _criteria(world)]}
    created = trainee.post("/api/v1/training/feedback/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["average"] == "9.00"
    again = trainee.post("/api/v1/training/feedback/", body, format="json")
    assert again.status_code == 400 and "Bạn đã đánh giá đợt này." in str(again.json())
    mine = trainee.get("/api/v1/training/feedback/").json()["results"]
    assert {row["enrolment"] for row in mine} == {world["e1"].pk}
    stats = api("quanlychuongtrinh").get(f"/api/v1/training/feedback-stats/{world['p1'].pk}/")
    assert stats.status_code == 200 and stats.json()["highest_session"] == world["s1"].pk
    assert api("quanlychuongtrinh").get(f"/api/v1/training/feedback-stats/{world['p2'].pk}/").status_code == 404
    assert api("hocvien").get(f"/api/v1/training/feedback-stats/{world['p1'].pk}/").status_code == 404


def test_api_manager_sets_the_criteria_like_the_page(training_world, api):
    world = training_world
    manager = api("quanlychuongtrinh")
    url = "/api/v1/training/feedback-criteria/save/"
    first, second, third = _criteria(world)
    rows = [{"id": first.pk, "text": "Nội dung sát thực tế doanh nghiệp", "order": 1},
            {"id": second.pk, "text": second.text, "order": 2, "is_active": False},
            {"id": third.pk, "text": third.text, "order": 3},
            {"text": "Tổ chức lớp học", "order": 4},
            {"text": "", "order": 5}]
    response = manager.post(url, {"programme": world["p1"].pk, "criteria": rows}, format="json")
    assert response.status_code == 200, response.content
    assert [(row["text"], row["is_active"]) for row in response.json()] == [
        ("Nội dung sát thực tế doanh nghiệp", True), (second.text, False), (third.text, True),
        ("Tổ chức lớp học", True)]
    # Retiring every criterion is refused with the page's message; nothing changes.
    retired = [{"id": row["id"], "text": row["text"], "is_active": False} for row in response.json()]
    refused = manager.post(url, {"programme": world["p1"].pk, "criteria": retired}, format="json")
    assert refused.status_code == 400 and "ít nhất một tiêu chí" in str(refused.json())
    assert FeedbackCriterion.objects.filter(programme=world["p1"], is_active=True).count() == 3
    # A criterion of another programme cannot be slipped in.
    stranger = FeedbackCriterion.objects.filter(programme=world["p2"]).first()
    foreign = manager.post(url, {"programme": world["p1"].pk,
                                 "criteria": [{"id": stranger.pk, "text": "Đổi trộm"}]}, format="json")
    assert foreign.status_code == 404
    assert FeedbackCriterion.objects.get(pk=stranger.pk).text != "Đổi trộm"
