"""Indicators: people trained, provinces (old names counted under the current province) and the
share of provinces whose industry-and-trade sector has a graduate, computed here by hand."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kcn.network.selectors import indicators, may_view_indicators
from kcn.registry.models import LegacyProvince, Province
from kcn.training.choices import OrganisationType
from kcn.training.models import Course, Enrolment, Programme, Trainee

from .helpers import graduate

D = datetime.date


def _enrol(course, name, legacy_code, organisation_type):
    legacy = LegacyProvince.objects.get(code=legacy_code)
    trainee = Trainee.objects.create(full_name=name, organisation="Đơn vị", organisation_type=organisation_type,
                                     province=legacy.successor)
    return Enrolment.objects.create(course=course, trainee=trainee, organisation="Đơn vị",
                                    organisation_type=organisation_type, province=legacy.successor,
                                    legacy_province=legacy)


@pytest.fixture
def world(training_world):
    w = training_world
    e4 = _enrol(w["c1"], "Nguyễn Văn Hà", 35, OrganisationType.DOIT)  # Hà Nam → Ninh Bình
    e5 = _enrol(w["c1"], "Phạm Thị Nam", 36, OrganisationType.CONSULTING_FIRM)  # Nam Định → Ninh Bình
    graduate(w["e2"], e4, e5, end_date=D(2024, 6, 30))  # e2: Bắc Kạn → Thái Nguyên, Sở Công Thương
    c3 = Course.objects.create(programme=w["p1"], number=2, name="Nâng cao", start_date=D(2025, 3, 1),
                               end_date=D(2025, 9, 30))
    again = Enrolment.objects.create(course=c3, trainee=e4.trainee, organisation="Đơn vị",
                                     organisation_type=OrganisationType.DOIT, province=e4.province,
                                     legacy_province=e4.legacy_province)
    e1_c3 = Enrolment.objects.create(course=c3, trainee=w["t1"], organisation="TT Khuyến công Ninh Bình",
                                     organisation_type=OrganisationType.PROMOTION_CENTRE, province=w["e1"].province)
    graduate(again, e1_c3)
    graduate(w["e3"], end_date=D(2025, 6, 30))  # another programme: Thái Nguyên, consulting firm
    Programme.objects.filter(pk=w["p2"].pk).update(target_department_share=95)
    return w


def test_manager_sees_their_programme_counted_by_hand(world, user_named):
    data = indicators(user=user_named("quanlychuongtrinh"))
    assert Province.objects.count() == 34
    assert data["people_trained"] == 4  # Bình, Hà, Nam in 2024; Hoa in 2025 (Hà again: counted once)
    assert data["provinces_trained"] == 2  # Thái Nguyên, and Ninh Bình once for Hà Nam and Nam Định
    assert data["departments_with_graduate"] == 2
    assert data["department_share"] == Decimal("5.9")  # 2 / 34
    assert data["target_share"] == Decimal("90")
    assert not data["target_met"]
    years = {row["year"]: row for row in data["years"]}
    assert (years[2024]["trained"], years[2024]["people_cumulative"]) == (3, 3)
    assert (years[2025]["trained"], years[2025]["people_cumulative"]) == (2, 4)
    assert years[2025]["provinces_cumulative"] == 2
    provinces = {row["province"]: row for row in data["provinces"]}
    assert provinces["Ninh Bình"]["legacy_names"] == ["Hà Nam", "Nam Định"]
    assert (provinces["Ninh Bình"]["first_year"], provinces["Ninh Bình"]["department_year"]) == (2024, 2024)
    assert provinces["Thái Nguyên"]["legacy_names"] == ["Bắc Kạn"]


def test_administrator_sees_every_programme_and_the_highest_target(world, user_named):
    data = indicators(user=user_named("admin"))
    assert data["people_trained"] == 5
    assert data["provinces_trained"] == 2
    assert data["target_share"] == Decimal("95")
    only_p2 = indicators(user=user_named("admin"), programme=world["p2"])
    assert (only_p2["people_trained"], only_p2["departments_with_graduate"]) == (1, 0)


def test_who_may_read_the_indicators(world, user_named, login):
    allowed = {"admin", "quanlychuongtrinh", "quansat", "lanhdao"}
    for username in ("admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat", "quanlychuongtrinh",
                     "giangvien", "hocvien"):
        assert may_view_indicators(user_named(username)) == (username in allowed)
        status = login(username).get(reverse("network:indicators")).status_code
        assert status == (200 if username in allowed else 404), username


def test_query_count_does_not_grow_with_the_data(world, user_named):
    manager = user_named("quanlychuongtrinh")
    with CaptureQueriesContext(connection) as before:
        indicators(user=manager)
    for number in range(20):
        graduate(_enrol(world["c1"], f"Học viên {number}", 35 + number % 2, OrganisationType.DOIT))
    with CaptureQueriesContext(connection) as after:
        data = indicators(user=manager)
    assert data["people_trained"] == 24
    assert len(after.captured_queries) == len(before.captured_queries) <= 10


def test_page_and_export(world, login):
    client = login("quanlychuongtrinh")
    page = client.get(reverse("network:indicators"))
    text = page.content.decode()
    assert 'id="people-trained">4<' in text
    assert "Hà Nam → Ninh Bình" in text and "Bắc Kạn → Thái Nguyên" in text
    export = client.get(reverse("network:indicators"), {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Disposition"].endswith('.xlsx"')
    other = client.get(reverse("network:indicators"), {"programme": world["p2"].pk})
    assert other.status_code == 404  # not the manager's programme
