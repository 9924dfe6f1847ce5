"""Tracing's rules, one test each: recording a case, proposing its contacts, deciding, statuses."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kcn.communications.models import Notification
from kcn.tracing import services
from kcn.tracing.choices import CaseStatus, Decision, PersonStatus
from kcn.tracing.models import Case, Contact, TracingRule
from kcn.tracing.selectors import active_case_count

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def record(user, worker, today, **kwargs):
    kwargs.setdefault("positive_test_date", today - DAY)
    return services.case_record(user=user, identity_number=worker.identity_number, **kwargs)


def generations(case):
    result = {}
    for contact in Contact.objects.filter(case=case).select_related("worker"):
        result.setdefault(contact.generation, set()).add(contact.worker.full_name.split()[-1])
    return result


def test_recording_proposes_f1_f2_f3_through_team_line_room_and_bus(floor, user_named, today):
    case = record(user_named("truongphong"), floor["An"], today, symptom_onset=today - 2 * DAY)
    # Hoa left the team before the window; Khoa shares a room name in another zone; Em is an F4.
    assert generations(case) == {1: {"Bình", "Giang"}, 2: {"Cường"}, 3: {"Dung"}}
    cuong = Contact.objects.get(case=case, worker=floor["Cường"])
    assert cuong.source.worker == floor["Bình"]
    assert cuong.source_worker == floor["Bình"]
    assert cuong.link == "cùng khu nhà ở Khu A, phòng 101"
    assert Contact.objects.get(case=case, worker=floor["Bình"]).link == "cùng tổ Tổ 1, ca Ca 1"
    assert set(Contact.objects.filter(case=case).values_list("rule__version", flat=True)) == {1}
    assert case.window_start == today - 4 * DAY  # 2 days before onset
    assert case.proposed_at is not None


def test_a_person_appears_once_at_the_lowest_generation(floor, own, user_named, today):
    from .factories import make_workers

    # Lan shares An's team (F1) and Cường's bus (would be F3 too): proposed once, as F1.
    make_workers(own, [{"full_name": "Phan Thị Lan", "team": "Tổ 1", "shift": "Ca 1", "bus_route": "Tuyến X"}])
    case = record(user_named("doanhnghiep"), floor["An"], today)
    lan = Contact.objects.filter(case=case, worker__full_name="Phan Thị Lan")
    assert [c.generation for c in lan] == [1]
    # Through Lan's bus, Cường and Dung are now F2.
    assert generations(case)[2] == {"Cường", "Dung"}


def test_generations_of_the_rule_limit_the_search(floor, user_named, today):
    services.rule_publish(user=user_named("admin"), data={
        "groups": TracingRule.objects.get(version=1).groups, "days_before": 2, "generations": 1})
    case = record(user_named("truongphong"), floor["An"], today)
    assert generations(case) == {1: {"Bình", "Giang"}}
    assert case.rule.version == 2


def test_a_new_rule_version_applies_to_new_tracing_and_old_contacts_keep_theirs(floor, user_named, today):
    officer = user_named("truongphong")
    case = record(officer, floor["An"], today)
    services.rule_publish(user=user_named("admin"), data={
        "groups": [{"fields": ["team", "shift"]}, {"fields": ["production_line"]}], "generations": 3})
    services.contacts_propose(user=officer, cases=[case])
    ich = Contact.objects.get(case=case, worker=floor["Ích"])  # same line, other shift: only under v2
    assert (ich.generation, ich.rule.version) == (1, 2)
    assert Contact.objects.get(case=case, worker=floor["Bình"]).rule.version == 1
    assert Contact.objects.filter(case=case).count() == 5


def test_rules_are_validated_and_only_the_administrator_publishes(demo, rule, user_named):
    with pytest.raises(ValidationError) as error:
        services.rule_publish(user=user_named("admin"), data={"groups": [{"fields": ["salary"]}]})
    assert "groups" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.rule_publish(user=user_named("truongphong"), data={"groups": rule.groups})


def test_new_f0_notifies_leaders_consolidating_and_monitoring_departments_and_the_enterprise(
        floor, user_named, today):
    record(user_named("doanhnghiep"), floor["An"], today)
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"lanhdao", "photruongban1", "photruongban2", "truongphong", "doanhnghiep"} <= notified
    # QLMT monitors Châu Sơn, not Đồng Văn II; the observer reads counts only.
    assert not notified & {"canbo", "truongphong.moitruong", "quansat", "chanhvanphong"}


def test_f0_in_chau_son_notifies_its_monitoring_department_and_the_consolidating_one(floor, user_named, today):
    record(user_named("canbo"), floor["Khoa"], today)
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"canbo", "truongphong.moitruong", "truongphong", "lanhdao"} <= notified
    assert "doanhnghiep" not in notified


def test_unknown_identity_number_is_refused_clearly(floor, user_named, today):
    with pytest.raises(ValidationError) as error:
        services.case_record(user=user_named("truongphong"), identity_number="035099999999",
                             positive_test_date=today)
    assert "Không có người lao động nào mang số CCCD này" in str(error.value.message_dict["identity_number"])
    with pytest.raises(ValidationError) as error:
        services.case_record(user=user_named("truongphong"), identity_number="12ab", positive_test_date=today)
    assert "12 chữ số" in str(error.value.message_dict["identity_number"])
    assert not Case.objects.exists()


def test_a_worker_outside_the_users_scope_is_refused_like_an_unknown_one(floor, user_named, today):
    # Khoa works in Châu Sơn, which QLDN does not monitor; the enterprise user neither.
    for username in ("truongphong", "doanhnghiep"):
        with pytest.raises(ValidationError) as error:
            record(user_named(username), floor["Khoa"], today)
        assert "Không có người lao động nào" in str(error.value)
    with pytest.raises(PermissionDenied):
        record(user_named("lanhdao"), floor["An"], today)
    with pytest.raises(PermissionDenied):
        record(user_named("quansat"), floor["An"], today)


@pytest.mark.parametrize(("field", "positive", "onset", "message"), [
    ("positive_test_date", 1, None, "tương lai"),
    ("symptom_onset", 0, 1, "tương lai"),
    ("symptom_onset", -20, -5, "muộn hơn"),
    ("symptom_onset", -1, -16, "sớm hơn"),
])
def test_impossible_dates_are_refused(floor, user_named, today, field, positive, onset, message):
    with pytest.raises(ValidationError) as error:
        record(user_named("truongphong"), floor["An"], today, positive_test_date=today + positive * DAY,
               symptom_onset=None if onset is None else today + onset * DAY)
    assert message in " ".join(error.value.message_dict[field])
    assert not Case.objects.exists() and not Contact.objects.exists()


def test_a_second_open_case_for_the_same_person_is_refused_until_the_first_ends(floor, user_named, today):
    officer = user_named("truongphong")
    case = record(officer, floor["An"], today, positive_test_date=today - 20 * DAY)
    with pytest.raises(ValidationError) as error:
        record(officer, floor["An"], today)
    assert "chưa kết thúc" in str(error.value)
    services.case_release(user=officer, case=case, on=today - DAY)
    assert record(officer, floor["An"], today).status == CaseStatus.OPEN


def test_confirming_needs_the_source_confirmed_and_a_batch_may_hold_both(floor, user_named, today):
    officer = user_named("truongphong")
    case = record(officer, floor["An"], today)
    contact = {c.worker.full_name.split()[-1]: c for c in Contact.objects.filter(case=case).select_related("worker")}
    with pytest.raises(ValidationError) as error:
        services.contacts_decide(user=officer, contact_ids=[contact["Cường"].pk], decision=Decision.CONFIRMED)
    assert "chưa được xác nhận" in str(error.value)
    assert services.contacts_decide(user=officer, contact_ids=[contact["Cường"].pk, contact["Bình"].pk],
                                    decision=Decision.CONFIRMED) == 2
    assert set(Contact.objects.filter(decision=Decision.CONFIRMED).values_list("worker__full_name", flat=True)) == {
        "Trần Thị Bình", "Đỗ Văn Cường"}


def test_rejecting_withdraws_the_proposed_contacts_traced_through_that_person(floor, user_named, today):
    officer = user_named("truongphong")
    case = record(officer, floor["An"], today)
    binh = Contact.objects.get(case=case, worker=floor["Bình"])
    services.contacts_decide(user=officer, contact_ids=[binh.pk], decision=Decision.REJECTED)
    decisions = dict(Contact.objects.filter(case=case).values_list("worker__full_name", "decision"))
    assert decisions == {"Trần Thị Bình": "rejected", "Đỗ Văn Cường": "rejected", "Bùi Thị Dung": "rejected",
                         "Lê Văn Giang": "proposed"}


def test_only_officers_decide_and_only_in_their_zones(floor, user_named, today):
    case = record(user_named("truongphong"), floor["An"], today)
    ids = list(Contact.objects.filter(case=case).values_list("pk", flat=True))
    for username in ("doanhnghiep", "lanhdao", "canbo", "quansat"):
        with pytest.raises(PermissionDenied):
            services.contacts_decide(user=user_named(username), contact_ids=ids, decision=Decision.CONFIRMED)
    assert not Contact.objects.exclude(decision=Decision.PROPOSED).exists()


def test_statuses_are_dated_and_a_positive_contact_becomes_a_case(floor, user_named, today):
    officer = user_named("truongphong")
    case = record(officer, floor["An"], today, positive_test_date=today - 5 * DAY)
    binh = Contact.objects.get(case=case, worker=floor["Bình"])
    with pytest.raises(ValidationError):  # not confirmed yet
        services.contact_set_status(user=officer, contact=binh, status=PersonStatus.ISOLATING, on=today)
    services.contacts_decide(user=officer, contact_ids=[binh.pk], decision=Decision.CONFIRMED)
    services.contact_set_status(user=officer, contact=binh, status=PersonStatus.ISOLATING, on=today - 3 * DAY)
    with pytest.raises(ValidationError) as error:
        services.contact_set_status(user=officer, contact=binh, status=PersonStatus.NEGATIVE, on=today - 4 * DAY)
    assert "trước lần cập nhật trước" in str(error.value)
    with pytest.raises(ValidationError):
        services.contact_set_status(user=officer, contact=binh, status=PersonStatus.NEGATIVE, on=today + DAY)
    # The enterprise follows its own workers' statuses too.
    services.contact_set_status(user=user_named("doanhnghiep"), contact=binh, status=PersonStatus.POSITIVE,
                                on=today - DAY)
    binh.refresh_from_db()
    assert binh.status == PersonStatus.POSITIVE
    assert list(binh.status_changes.values_list("status", flat=True)) == ["isolating", "positive"]
    new_case = Case.objects.get(source_contact=binh)
    assert new_case.worker == floor["Bình"] and new_case.positive_test_date == today - DAY
    assert new_case.contacts.exists()


def test_active_case_count_counts_recent_open_cases(floor, own, neighbour, user_named, today):
    officer = user_named("truongphong")
    record(officer, floor["An"], today, positive_test_date=today - 2 * DAY)
    old = record(officer, floor["Cường"], today, positive_test_date=today - 20 * DAY, propose=False)
    record(officer, floor["Dung"], today, positive_test_date=today - 3 * DAY, propose=False)
    services.case_release(user=officer, case=Case.objects.get(worker=floor["Dung"]), on=today - DAY)
    assert old.status == CaseStatus.OPEN
    assert active_case_count([own.pk, neighbour.pk], on=today) == {own.pk: 1}
    # On the day before Dung's case closed, it was active.
    assert active_case_count([own.pk, neighbour.pk], on=today - 2 * DAY) == {own.pk: 1, neighbour.pk: 1}


def test_scope_of_cases(floor, user_named, today):
    case = record(user_named("canbo"), floor["Khoa"], today)  # Châu Sơn, monitored by QLMT

    def sees(username, action="view"):
        return Case.objects.restrict(user_named(username), action).filter(pk=case.pk).exists()

    assert sees("canbo") and sees("canbo", "change")
    assert sees("truongphong") and not sees("truongphong", "change")  # consolidates, does not trace
    assert sees("lanhdao") and not sees("lanhdao", "change")
    assert not sees("admin")  # personal health data: not the administrator's
    for username in ("doanhnghiep", "quansat", "quanlychuongtrinh", "giangvien", "canbo.dautu"):
        assert not sees(username), username


def test_a_contact_outside_the_proposal_is_added_by_identity_number(floor, user_named, today):
    officer = user_named("truongphong")
    case = record(officer, floor["An"], today)

    def add(identity_number, link="Ăn trưa cùng bàn ngày hôm qua", source="", user=officer):
        return services.contact_add(user=user, case=case, identity_number=identity_number, link=link,
                                    source_identity_number=source)

    ich = add(floor["Ích"].identity_number)
    assert (ich.generation, ich.source, ich.source_worker, ich.decision) == (1, None, floor["An"],
                                                                              Decision.CONFIRMED)
    assert ich.link == "Ăn trưa cùng bàn ngày hôm qua" and ich.history.count() == 1
    phuc = add(floor["Phúc"].identity_number, source=floor["Ích"].identity_number)
    assert (phuc.generation, phuc.source, phuc.source_worker) == (2, ich, floor["Ích"])
    # The enterprise may add its own people; an officer confirms them later.
    hoa = add(floor["Hoa"].identity_number, user=user_named("doanhnghiep"))
    assert hoa.decision == Decision.PROPOSED and hoa.decided_by is None

    refusals = [
        (dict(identity_number=floor["Ích"].identity_number), r"đã có trong danh sách tiếp xúc của ca này \(F1\)"),
        (dict(identity_number=floor["An"].identity_number), "chính người bệnh"),
        (dict(identity_number="001099000001"), "Không có người lao động nào mang số CCCD này"),
        (dict(identity_number="12345"), "đúng 12 chữ số"),
        (dict(identity_number=floor["Em"].identity_number, source=floor["Dung"].identity_number),
         "Chỉ truy vết đến F3"),
        (dict(identity_number=floor["Em"].identity_number, source=floor["Khoa"].identity_number),
         "không phải F0 hay người tiếp xúc"),
        (dict(identity_number=floor["Em"].identity_number, link="  "), "hoàn cảnh tiếp xúc"),
    ]
    count = Contact.objects.filter(case=case).count()
    for kwargs, message in refusals:
        with pytest.raises(ValidationError, match=message):
            add(**kwargs)
    assert Contact.objects.filter(case=case).count() == count  # nothing half-saved
    # Someone outside the case's scope cannot add to it.
    with pytest.raises(PermissionDenied):
        add(floor["Em"].identity_number, user=user_named("canbo"))
    services.case_release(user=officer, case=case, on=today)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        add(floor["Em"].identity_number)
