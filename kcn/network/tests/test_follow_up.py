"""Follow-up of graduates: quarterly updates (no future quarter, one per quarter), six-monthly
evaluations (one per half) and who is overdue, computed on hand-made dates."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kcn.network import selectors, services
from kcn.network.choices import ActivityStatus, EvaluationRating
from kcn.network.models import ActivityUpdate, CpActivity, Evaluation

from .helpers import graduate

D = datetime.date
APRIL_2025 = D(2025, 4, 1)


@pytest.fixture
def world(training_world):
    w = training_world
    graduate(w["e1"], w["e2"], w["e3"], end_date=D(2025, 3, 31))
    return w


def _activity(world, user, trainee=None, start=APRIL_2025):
    return services.activity_save(user=user, data={
        "trainee": trainee or world["t1"], "title": "Đánh giá SXSH tại Nhà máy Giấy", "planned_start": start,
        "planned_end": start + datetime.timedelta(days=365), "kind": "assessment"})


def test_quarter_helpers():
    assert selectors.quarter_of(D(2026, 5, 2)) == (2026, 2)
    assert selectors.quarter_end(2026, 1) == D(2026, 3, 31)
    # 10/04: the first quarter ended 10 days ago, within the 15-day grace: the fourth is due.
    assert selectors.due_quarter(D(2026, 4, 10)) == (2025, 4)
    assert selectors.due_quarter(D(2026, 4, 16)) == (2026, 1)
    assert selectors.due_half(D(2026, 7, 20)) == (2025, 2)
    assert selectors.due_half(D(2026, 8, 1)) == (2026, 1)


def test_graduate_registers_and_updates_each_quarter(world, user_named):
    hocvien = user_named("hocvien")
    activity = _activity(world, hocvien)
    today = D(2025, 8, 1)
    update, created = services.activity_update_submit(user=hocvien, activity=activity, year=2025, quarter=3,
                                                      status=ActivityStatus.IN_PROGRESS, progress="Khảo sát",
                                                      enterprises_reached=1, today=today)
    assert created and update.submitted_by == hocvien
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IN_PROGRESS
    # The same quarter again edits it: still one row, with the new text.
    again, created = services.activity_update_submit(user=hocvien, activity=activity, year=2025, quarter=3,
                                                     status=ActivityStatus.IN_PROGRESS, progress="Đã đo nước thải",
                                                     enterprises_reached=2, today=today)
    assert not created and again.pk == update.pk
    assert ActivityUpdate.objects.get(activity=activity).progress == "Đã đo nước thải"


def test_future_quarter_and_quarter_before_start_are_refused(world, user_named):
    hocvien = user_named("hocvien")
    activity = _activity(world, hocvien)
    with pytest.raises(ValidationError) as error:
        services.activity_update_submit(user=hocvien, activity=activity, year=2025, quarter=4, status="in_progress",
                                        progress="x", today=D(2025, 8, 1))
    assert "chưa bắt đầu" in str(error.value.message_dict["quarter"])
    with pytest.raises(ValidationError):
        services.activity_update_submit(user=hocvien, activity=activity, year=2025, quarter=1, status="in_progress",
                                        progress="x", today=D(2025, 8, 1))
    assert not ActivityUpdate.objects.exists()


def test_only_graduates_register_and_only_in_scope(world, user_named):
    hocvien = user_named("hocvien")
    from kcn.training.models import Enrolment

    Enrolment.objects.filter(pk=world["e1"].pk).update(passed=False)
    with pytest.raises(ValidationError) as error:
        _activity(world, hocvien)
    assert "trainee" in error.value.message_dict
    # A manager cannot register an activity for another programme's graduate.
    with pytest.raises(PermissionDenied):
        _activity(world, user_named("quanlychuongtrinh"), trainee=world["t3"])
    assert not CpActivity.objects.exists()


def test_evaluation_once_per_half_and_never_ahead(world, user_named):
    manager = user_named("quanlychuongtrinh")
    data = {"trainee": world["t1"], "year": 2025, "half": 2, "rating": EvaluationRating.GOOD}
    services.evaluation_save(user=manager, data=data, today=D(2026, 1, 10))
    with pytest.raises(ValidationError) as error:
        services.evaluation_save(user=user_named("giangvien"), data=data, today=D(2026, 1, 10))
    assert "đã được đánh giá" in str(error.value.message_dict["half"])
    with pytest.raises(ValidationError):
        services.evaluation_save(user=manager, data={**data, "year": 2026, "half": 2}, today=D(2026, 1, 10))
    with pytest.raises(PermissionDenied):  # another programme's graduate
        services.evaluation_save(user=manager, data={**data, "trainee": world["t3"]}, today=D(2026, 1, 10))
    assert Evaluation.objects.count() == 1


def test_overdue_computed_from_hand_made_dates(world, user_named):
    manager, hocvien = user_named("quanlychuongtrinh"), user_named("hocvien")
    started = _activity(world, hocvien, start=D(2025, 4, 1))
    _activity(world, hocvien, start=D(2026, 6, 1))  # not started by the due quarter: not late
    done = _activity(world, hocvien)
    CpActivity.objects.filter(pk=done.pk).update(status=ActivityStatus.DONE)
    today = D(2025, 10, 20)  # Q3/2025 ended 20 days ago (> 15): due; H1/2025 ended > 30 days ago: due
    rows, due_q, due_h = selectors.follow_up_overdue(user=manager, today=today)
    assert (due_q, due_h) == ((2025, 3), (2025, 1))
    by_name = {row.full_name: row for row in rows}
    assert [a.pk for a in by_name["Lý Thị Hoa"].missing_updates] == [started.pk]
    assert by_name["Lý Thị Hoa"].missing_evaluation and by_name["Trần Văn Bình"].missing_evaluation
    assert "Đỗ Minh Châu" not in by_name  # another programme's graduate

    services.activity_update_submit(user=hocvien, activity=started, year=2025, quarter=3, status="in_progress",
                                    progress="Đang triển khai", today=today)
    services.evaluation_save(user=manager, data={"trainee": world["t1"], "year": 2025, "half": 1,
                                                 "rating": EvaluationRating.GOOD}, today=today)
    rows, _q, _h = selectors.follow_up_overdue(user=manager, today=today)
    assert [row.full_name for row in rows] == ["Trần Văn Bình"]
    # Within the grace days, the quarter just ended is not due yet.
    rows, due_q, _h = selectors.follow_up_overdue(user=manager, today=D(2025, 10, 10))
    assert due_q == (2025, 2)
