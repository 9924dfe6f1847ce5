"""The fill path of consolidation: incremental totals always equal a rebuild from the reports."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcn.registry.models import Board, Department, Enterprise, Zone, ZoneAssignment
from kcn.reporting import consolidation, services
from kcn.reporting.choices import FieldType, Frequency, TargetKind
from kcn.reporting.consolidation import (
    board_totals,
    department_totals,
    field_columns,
    totals_computed,
    totals_rebuild,
    totals_stored,
)
from kcn.reporting.models import (
    SUBMISSIONS_ROW,
    BoardTotal,
    DepartmentTotal,
    Period,
    Revision,
    Schedule,
    Submission,
    ZoneTotal,
)
from kcn.reporting.services import (
    field_save,
    period_ensure,
    submission_revise,
    submission_save_draft,
    submission_submit,
    template_publish,
    template_save,
    template_version_new,
)
from kcn.reporting.tests.test_services import _race, committed_demo  # noqa: F401 - a fixture

ZONES = ["HNA-DV2", "HNA-DV3", "HNA-CS", "HNA-TL", "HNA-HM"]  # QLDN, QLDN, QLMT, QLMT, QHXD


def _make_schedule(board, admin):
    template = template_save(user=admin, data={"code": "consolidation_test", "name": "Báo cáo thử tổng hợp"})
    version = template_version_new(user=admin, template=template)
    for code, kind, required in (("workers", FieldType.INTEGER, True), ("amount", FieldType.DECIMAL, False),
                                 ("ok", FieldType.YES_NO, False), ("note", FieldType.TEXT, False)):
        field_save(user=admin, version=version, data={"code": code, "label": code, "type": kind,
                                                      "required": required, "min_value": 0 if kind in (
                                                          FieldType.INTEGER, FieldType.DECIMAL) else None})
    template_publish(user=admin, version=version)
    schedule = Schedule.objects.create(template=template, board=board, name="Thử tổng hợp",
                                       target=TargetKind.ZONES, frequency=Frequency.DAILY)
    schedule.zones.set(Zone.objects.filter(code__in=ZONES))
    return schedule


@pytest.fixture
def admin(user_named):
    return user_named("admin")


@pytest.fixture
def schedule(demo, admin):
    return _make_schedule(Board.objects.get(), admin)



@pytest.fixture
def enterprises(demo):
    """Two enterprises of each zone of the schedule."""
    result = []
    for code in ZONES:
        result += list(Enterprise.objects.filter(zone__code=code).order_by("pk")[:2])
    assert len(result) == 2 * len(ZONES)
    return result


def _assert_consistent(period):
    stored = totals_stored(period)
    assert stored == totals_computed(period)
    return stored


def _board(period, code):
    row = BoardTotal.objects.filter(period=period, field_code=code).first()
    return (row.value, row.submissions) if row else (Decimal(0), 0)


def _level(model, period, code, **key):
    row = model.objects.filter(period=period, field_code=code, **key).first()
    return (row.value, row.submissions) if row else (Decimal(0), 0)


def _dept(code):
    return Department.objects.get(name={"QLDN": "Phòng Quản lý doanh nghiệp", "QLMT": "Phòng Quản lý môi trường",
                                        "QHXD": "Phòng Quản lý Quy hoạch xây dựng",
                                        "QLĐT": "Phòng Quản lý Đầu tư"}[code])


def test_submit_adds_to_every_level(period, enterprises, admin):
    dv2a, dv2b, dv3a = enterprises[0], enterprises[1], enterprises[2]
    submission_submit(user=admin, period=period, enterprise=dv2a, values={"workers": "1.200", "amount": "1,5",
                                                                           "ok": "có"})
    submission_submit(user=admin, period=period, enterprise=dv2b, values={"workers": 300, "ok": False})
    submission_submit(user=admin, period=period, enterprise=dv3a, values={"workers": 7, "amount": "0.25"})
    stored = _assert_consistent(period)
    zone = dv2a.zone
    assert _level(ZoneTotal, period, "workers", zone=zone) == (1500, 2)
    assert _level(ZoneTotal, period, "amount", zone=zone) == (Decimal("1.5"), 2)
    assert _level(ZoneTotal, period, "ok", zone=zone) == (1, 2)  # the number of “yes”
    assert _level(DepartmentTotal, period, "workers", department=_dept("QLDN")) == (1507, 3)
    assert _level(DepartmentTotal, period, "amount", department=_dept("QLDN")) == (Decimal("1.75"), 3)
    assert _board(period, "workers") == (1507, 3) and _board(period, SUBMISSIONS_ROW) == (0, 3)
    assert not [key for key in stored if key[2] == "note"]  # text is not summed
    assert ZoneTotal.objects.get(period=period, zone=zone, field_code="workers").department == _dept("QLDN")


def test_revision_applies_the_delta_to_every_level_and_twice(period, enterprises, admin):
    first, other = enterprises[0], enterprises[4]  # HNA-DV2 (QLDN), HNA-CS (QLMT)
    submission = submission_submit(user=admin, period=period, enterprise=first, values={"workers": 100, "ok": True})
    submission_submit(user=admin, period=period, enterprise=other, values={"workers": 50})
    submission = submission_revise(user=admin, submission=submission, values={"workers": 130, "amount": "2,5"},
                                   reason="Bổ sung")
    assert _level(ZoneTotal, period, "workers", zone=first.zone) == (130, 1)
    assert _level(DepartmentTotal, period, "workers", department=_dept("QLDN")) == (130, 1)
    assert _level(DepartmentTotal, period, "workers", department=_dept("QLMT")) == (50, 1)
    assert _board(period, "workers") == (180, 2) and _board(period, "amount") == (Decimal("2.5"), 2)
    assert _board(period, "ok") == (0, 2)  # the revision left “ok” empty
    submission_revise(user=admin, submission=submission, values={"workers": 90, "ok": "có"}, reason="Sửa lại")
    assert _board(period, "workers") == (140, 2) and _board(period, "amount") == (0, 2)
    assert _board(period, "ok") == (1, 2) and _board(period, SUBMISSIONS_ROW) == (0, 2)  # revisions count once
    _assert_consistent(period)


def test_unchanged_revision_writes_no_total(period, enterprises, admin):
    submission = submission_submit(user=admin, period=period, enterprise=enterprises[0], values={"workers": 10})
    before = totals_stored(period)
    submission_revise(user=admin, submission=submission, values={"workers": "10"}, reason="Kiểm tra")
    assert totals_stored(period) == before


def test_decimals_are_exact(period, enterprises, admin):
    for enterprise, amount in zip(enterprises, ["0.1", "0,2", "1.234,56", "0.000001", "0.000002", "99999999.99"],
                                  strict=False):
        submission_submit(user=admin, period=period, enterprise=enterprise, values={"workers": 1, "amount": amount})
    assert _board(period, "amount")[0] == Decimal("100001234.850003")
    _assert_consistent(period)


def test_drafts_and_empty_fields(period, enterprises, admin):
    submission_save_draft(user=admin, period=period, enterprise=enterprises[0], values={"workers": 5, "amount": 3})
    assert totals_stored(period) == {}
    submission_submit(user=admin, period=period, enterprise=enterprises[0], values={"workers": 5})
    assert _board(period, "amount") == (0, 1) and _board(period, "workers") == (5, 1)
    _assert_consistent(period)


def test_failed_submission_leaves_totals_unchanged(period, enterprises, admin, monkeypatch):
    submission_submit(user=admin, period=period, enterprise=enterprises[0], values={"workers": 5})
    before = totals_stored(period)
    with pytest.raises(ValidationError):
        submission_submit(user=admin, period=period, enterprise=enterprises[1], values={"workers": -1})
    assert totals_stored(period) == before

    # A failure after the totals were written rolls them back with the submission.
    apply = consolidation.totals_apply

    def apply_then_fail(*args, **kwargs):
        apply(*args, **kwargs)
        raise RuntimeError("boom")

    monkeypatch.setattr(consolidation, "totals_apply", apply_then_fail)
    with pytest.raises(RuntimeError):
        submission_submit(user=admin, period=period, enterprise=enterprises[1], values={"workers": 9})
    with pytest.raises(RuntimeError):
        submission_revise(user=admin, submission=Submission.objects.get(enterprise=enterprises[0]),
                          values={"workers": 50}, reason="Sửa")
    assert totals_stored(period) == before and Submission.objects.count() == 1
    _assert_consistent(period)


def test_reassigning_a_zone_later_keeps_the_periods_department(schedule, enterprises, admin):
    today = timezone.localdate()
    earlier, current = period_ensure(schedule=schedule, around=today, before=1)
    enterprise = enterprises[0]  # HNA-DV2, monitored by QLDN
    submission = submission_submit(user=admin, period=earlier, enterprise=enterprise, values={"workers": 10})
    ZoneAssignment.objects.filter(zone=enterprise.zone, end_date__isnull=True).update(
        end_date=today - datetime.timedelta(days=1))
    ZoneAssignment.objects.create(zone=enterprise.zone, department=_dept("QLĐT"), start_date=today)
    submission_revise(user=admin, submission=submission, values={"workers": 25}, reason="Sửa sau khi chuyển phòng")
    submission_submit(user=admin, period=current, enterprise=enterprise, values={"workers": 4})
    assert _level(DepartmentTotal, earlier, "workers", department=_dept("QLDN")) == (25, 1)
    assert _level(DepartmentTotal, earlier, "workers", department=_dept("QLĐT")) == (0, 0)
    assert _level(DepartmentTotal, current, "workers", department=_dept("QLĐT")) == (4, 1)
    assert _level(DepartmentTotal, current, "workers", department=_dept("QLDN")) == (0, 0)
    for period in (earlier, current):
        _assert_consistent(period)
        before = totals_stored(period)
        totals_rebuild(period)
        assert totals_stored(period) == before


def test_rebuild_repairs_damaged_totals(period, enterprises, admin):
    for index, enterprise in enumerate(enterprises):
        submission_submit(user=admin, period=period, enterprise=enterprise, values={"workers": index, "ok": "có"})
    good = _assert_consistent(period)
    ZoneTotal.objects.filter(period=period).update(value=0)
    BoardTotal.objects.filter(period=period).delete()
    assert totals_stored(period) != good
    totals_rebuild(period)
    assert totals_stored(period) == good


def test_selectors_read_the_total_rows(period, enterprises, admin, django_assert_num_queries):
    for index, enterprise in enumerate(enterprises):
        submission_submit(user=admin, period=period, enterprise=enterprise,
                          values={"workers": 10 * (index + 1), "amount": "0,5"})
    board = Board.objects.get()
    with django_assert_num_queries(1):  # the zones, the departments' names and the fields in one statement
        report = board_totals(period, board)
    assert report["totals"]["workers"] == sum(10 * (i + 1) for i in range(len(enterprises)))
    assert report["submissions"] == len(enterprises) and report["unassigned"] == []
    # The summed fields, in the version's order (the text field is not summed): the report's columns.
    assert report["columns"] == field_columns(period.schedule.template_id) == [
        {"code": "workers", "label": "workers", "unit": ""}, {"code": "amount", "label": "amount", "unit": ""},
        {"code": "ok", "label": "ok", "unit": ""}]
    # The departments and the board are the sums of their zones: the same as their own total rows.
    for node in report["departments"]:
        assert node["submissions"] == _level(DepartmentTotal, period, SUBMISSIONS_ROW,
                                             department=node["department"].pk)[1]
        for code, value in node["totals"].items():
            assert _level(DepartmentTotal, period, code, department=node["department"].pk)[0] == value
    assert report["totals"] == {code: _board(period, code)[0] for code in ("workers", "amount", "ok")}
    assert report["submissions"] == _board(period, SUBMISSIONS_ROW)[1]
    by_department = {node["department"].name: node for node in report["departments"]}
    qldn = by_department["Phòng Quản lý doanh nghiệp"]
    assert qldn["totals"]["workers"] == 10 + 20 + 30 + 40 and qldn["submissions"] == 4
    assert {zone["zone"].code for zone in qldn["zones"]} == {"HNA-DV2", "HNA-DV3"}
    assert sum(zone["totals"]["workers"] for zone in qldn["zones"]) == qldn["totals"]["workers"]
    assert sum(node["totals"]["amount"] for node in report["departments"]) == report["totals"]["amount"]

    qldn_department = _dept("QLDN")
    with django_assert_num_queries(4):
        detail = department_totals(period, qldn_department)
    assert detail["totals"]["workers"] == 100 and detail["submissions"] == 4
    for zone in detail["zones"]:
        assert len(zone["enterprises"]) == 2
        assert sum(row["totals"]["workers"] for row in zone["enterprises"]) == zone["totals"]["workers"]
    assert department_totals(period, _dept("QLĐT"))["zones"] == []


def test_a_zone_no_department_monitors_is_unassigned_and_still_in_the_board_total(period, enterprises, admin):
    ZoneAssignment.objects.filter(zone__code="HNA-HM").delete()  # QHXD's only zone
    for index, enterprise in enumerate(enterprises):
        submission_submit(user=admin, period=period, enterprise=enterprise, values={"workers": index + 1})
    report = board_totals(period, Board.objects.get())
    assert [zone["zone"].code for zone in report["unassigned"]] == ["HNA-HM"]
    assert "Phòng Quản lý Quy hoạch xây dựng" not in {node["department"].name for node in report["departments"]}
    unassigned = report["unassigned"][0]
    assert unassigned["submissions"] == 2 and unassigned["totals"]["workers"] == 9 + 10
    assert report["totals"]["workers"] == _board(period, "workers")[0] == sum(range(1, len(enterprises) + 1))
    assert report["submissions"] == len(enterprises)
    _assert_consistent(period)


def test_a_zone_handed_to_another_board_stays_in_the_reports_it_sent(period, enterprises, admin):
    for index, enterprise in enumerate(enterprises):
        submission_submit(user=admin, period=period, enterprise=enterprise, values={"workers": index + 1})
    board = Board.objects.get()
    other = Board.objects.create(name="Ban Quản lý các KCN tỉnh mới", province=board.province)
    Zone.objects.filter(code="HNA-HM").update(board=other)  # QHXD's only zone, after the period
    report = board_totals(period, board)
    by_department = {node["department"].name: node for node in report["departments"]}
    qhxd = by_department["Phòng Quản lý Quy hoạch xây dựng"]
    assert [zone["zone"].code for zone in qhxd["zones"]] == ["HNA-HM"] and qhxd["totals"]["workers"] == 9 + 10
    assert report["totals"]["workers"] == _board(period, "workers")[0] == sum(range(1, len(enterprises) + 1))
    assert report["unassigned"] == []
    # A repair recomputes the same rows: the period's board keeps the zone's past reports.
    before = _assert_consistent(period)
    totals_rebuild(period)
    assert totals_stored(period) == before
    assert not BoardTotal.objects.filter(board=other).exists()


amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False,
                                           allow_infinity=False).map(lambda d: format(d, "f")))
operations = st.lists(st.tuples(
    st.integers(0, 9),  # which enterprise
    st.sampled_from(["write", "write", "write", "draft", "invalid"]),
    st.integers(0, 5000), amounts, st.sampled_from([None, True, False, "có", "không"]),
), min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
def test_random_writes_keep_incremental_totals_equal_to_a_rebuild(period, enterprises, admin, ops):
    Revision.objects.filter(submission__period=period).delete()
    Submission.objects.filter(period=period).delete()
    for model in (ZoneTotal, DepartmentTotal, BoardTotal):
        model.objects.filter(period=period).delete()
    for index, kind, workers, amount, ok in ops:
        enterprise = enterprises[index]
        values = {"workers": workers, "amount": amount, "ok": ok}
        submitted = Submission.objects.filter(period=period, enterprise=enterprise, status="submitted").first()
        if kind == "invalid":
            before = totals_stored(period)
            with pytest.raises(ValidationError):
                if submitted:
                    submission_revise(user=admin, submission=submitted, values={**values, "workers": -1}, reason="x")
                else:
                    submission_submit(user=admin, period=period, enterprise=enterprise,
                                      values={**values, "amount": "nhiều"})
            assert totals_stored(period) == before
        elif kind == "draft" and not submitted:
            submission_save_draft(user=admin, period=period, enterprise=enterprise, values=values)
        elif submitted:
            submission_revise(user=admin, submission=submitted, values=values, reason="Điều chỉnh")
        else:
            submission_submit(user=admin, period=period, enterprise=enterprise, values=values)
        stored = _assert_consistent(period)
    # The raw sum, straight from the stored reports.
    reports = list(Submission.objects.filter(period=period, status="submitted").values_list("values", flat=True))
    raw = sum((Decimal(str(v.get("amount") or 0)) for v in reports), Decimal(0))
    assert _board(period, "amount") == (raw, len(reports))
    assert _board(period, "workers")[0] == sum(v["workers"] for v in reports)
    assert _board(period, "ok")[0] == sum(1 for v in reports if v.get("ok") is True)
    totals_rebuild(period)
    assert totals_stored(period) == stored


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_submissions_in_one_zone_are_all_counted(committed_demo, user_named):  # noqa: F811
    admin = user_named("admin")
    schedule = _make_schedule(committed_demo, admin)
    period = period_ensure(schedule=schedule, around=timezone.localdate())[0]
    zone = Zone.objects.get(code="HNA-DV2")
    crowd = list(Enterprise.objects.filter(zone__in=schedule.zones.all()).order_by("zone__code", "pk"))
    in_zone = [enterprise for enterprise in crowd if enterprise.zone_id == zone.pk]
    assert len(in_zone) >= 3

    def submit(index):
        return submission_submit(user=admin, period=period, enterprise=crowd[index],
                                 values={"workers": index + 1, "amount": "0,1", "ok": index % 2 == 0})

    results = _race(submit, len(crowd))
    assert all(isinstance(result, Submission) for result in results), results

    def revise(index):
        return submission_revise(user=admin, submission=results[index], values={"workers": 2 * (index + 1)},
                                 reason="Điều chỉnh đồng thời")

    revised = _race(revise, len(crowd))
    assert all(isinstance(result, Submission) for result in revised), revised
    expected = sum(2 * (crowd.index(e) + 1) for e in in_zone)
    assert _level(ZoneTotal, period, "workers", zone=zone) == (expected, len(in_zone))
    assert _board(period, "workers") == (sum(2 * (i + 1) for i in range(len(crowd))), len(crowd))
    assert _board(period, SUBMISSIONS_ROW) == (0, len(crowd))
    assert _assert_consistent(period)
    assert consolidation.totals_computed(period) == totals_stored(period)


def test_the_submission_checks_read_what_the_orm_reads(schedule, enterprises, admin):
    """``_reporting_target`` (one SQL statement on the submission path) answers as the ORM does:
    the period, schedule, template, current version, enterprise and zone as complete instances
    (every field equal to the ORM's), the department of the zone on the period's first day (the
    latest of two overlapping assignments, not an ended one), the period's lock read now, and
    whether each kind of schedule asks the enterprise."""
    today = timezone.localdate()
    period = period_ensure(schedule=schedule, around=today)[0]
    zone = enterprises[0].zone
    ZoneAssignment.objects.create(zone=zone, department=_dept("QLĐT"),
                                  start_date=period.start - datetime.timedelta(days=3))
    ZoneAssignment.objects.create(zone=enterprises[2].zone, department=_dept("QHXD"),
                                  start_date=period.start - datetime.timedelta(days=30),
                                  end_date=period.start - datetime.timedelta(days=1))
    outsiders = list(Enterprise.objects.exclude(zone__code__in=ZONES).order_by("pk")[:3])
    candidates = enterprises + outsiders
    sector = outsiders[0].sector

    def fields(instance):
        return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}

    def orm(enterprise):
        fresh = Period.objects.select_related("schedule__template").get(pk=period.pk)
        version = fresh.schedule.template.current_version()
        return (fields(fresh), fields(fresh.schedule), fields(fresh.schedule.template), fields(version),
                fields(enterprise), fields(enterprise.zone),
                consolidation.departments_on(period.start, [enterprise.zone_id]).get(enterprise.zone_id),
                fresh.schedule.target_enterprises().filter(pk=enterprise.pk).exists())

    def sql(enterprise):
        target = services._reporting_target(period.pk, enterprise.pk)
        return (fields(target.period), fields(target.period.schedule), fields(target.period.schedule.template),
                fields(target.version), fields(target.enterprise), fields(target.enterprise.zone),
                target.department_id, target.asked)

    def facts_match():
        for enterprise in Enterprise.objects.select_related("zone").filter(pk__in=[e.pk for e in candidates]):
            assert sql(enterprise) == orm(enterprise), enterprise

    assert orm(enterprises[0])[6] == _dept("QLĐT").pk
    assert services._reporting_target(period.pk, 10**9).enterprise is None
    assert services._reporting_target(10**9, enterprises[0].pk) is None
    facts_match()
    schedule.target, schedule.sector = TargetKind.SECTOR, sector
    schedule.save()
    assert any(orm(enterprise)[7] for enterprise in candidates)
    facts_match()
    schedule.target = TargetKind.LIST
    schedule.save()
    schedule.enterprises.set([enterprises[1], outsiders[2]])
    facts_match()
    services.period_lock(user=admin, period=period)
    assert orm(enterprises[1])[0]["locked_at"] is not None
    facts_match()
