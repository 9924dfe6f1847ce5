"""Training scope: a manager sees their programme, a trainer their course, a trainee only their own enrolment."""

import pytest

from kcn.network.models import Consultant
from kcn.training.models import Course, Enrolment, Programme, SessionDay


@pytest.mark.django_db
def test_each_role_sees_its_own_part_of_training(training_world, user_named):
    w = training_world
    m, t, h = user_named("quanlychuongtrinh"), user_named("giangvien"), user_named("hocvien")
    assert set(Programme.objects.restrict(m)) == {w["p1"]}
    assert set(Programme.objects.restrict(t)) == {w["p1"]}
    assert set(Course.objects.restrict(h)) == {w["c1"]}
    assert set(Enrolment.objects.restrict(h)) == {w["e1"]}
    assert set(Enrolment.objects.restrict(t)) == {w["e1"], w["e2"]}
    assert set(Enrolment.objects.restrict(m)) == {w["e1"], w["e2"]}
    assert SessionDay.objects.restrict(h).count() == 5
    assert not Course.objects.restrict(user_named("lanhdao")).exists()
    assert Enrolment.objects.restrict(user_named("admin")).count() == 3
    assert Consultant.objects.restrict(user_named("lanhdao")).count() == 0
