"""The approval chain of a period with the demo users: departments, then the consolidating
department's board total, then the leader's sign-off; locking, returning (mở lại), and the
period page's buttons.

The schedule asks zones HNA-DV2 (Phòng Quản lý doanh nghiệp, truongphong) and HNA-CS (Phòng
Quản lý môi trường, whose head ``truongphong.mt`` the tests add: the demo has only an officer,
canbo, there).
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kcn.accounts.choices import Role
from kcn.accounts.models import User
from kcn.communications.models import Notification
from kcn.registry.models import Board, Enterprise, EnterpriseUser, Zone
from kcn.reporting import approvals
from kcn.reporting.choices import Frequency, TargetKind
from kcn.reporting.models import Approval, ApprovalLevel, ApprovalStatus, ReportTemplate, Schedule
from kcn.reporting.services import (
    approval_approve,
    approval_return,
    period_ensure,
    submission_revise,
    submission_save_draft,
    submission_submit,
)

DEPARTMENT, BOARD, LEADER = ApprovalLevel.DEPARTMENT, ApprovalLevel.BOARD, ApprovalLevel.LEADER


def values(workforce, at_work):
    return {"workforce": workforce, "workers_at_work": at_work, "returnees": 1, "workers_not_returned": 0,
            "f0": 0, "f1": 0, "f2": 0, "f3": 0, "notes": ""}


@pytest.fixture
def qlmt_head(demo):
    # The demo gives every department a head; this one approves for Phòng Quản lý môi trường.
    return User.objects.get(username="truongphong.moitruong")


@pytest.fixture
def period(demo, qlmt_head):
    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=Board.objects.get(),
        name="Báo cáo dịch hằng ngày", target=TargetKind.ZONES, frequency=Frequency.DAILY)
    schedule.zones.set(Zone.objects.filter(code__in=["HNA-DV2", "HNA-CS"]))
    return period_ensure(schedule=schedule, around=timezone.localdate())[0]


@pytest.fixture
def reports(period, user_named):
    """doanhnghiep's own DV2 report and an enterprise of HNA-CS (QLMT) with its own login."""
    own = EnterpriseUser.objects.get(user=user_named("doanhnghiep")).enterprise
    assert own.zone.code == "HNA-DV2"
    chau_son = Enterprise.objects.filter(zone__code="HNA-CS").order_by("pk").first()
    representative = User.objects.create_user("doanhnghiep.cs", password="x", role=Role.ENTERPRISE)
    EnterpriseUser.objects.create(user=representative, enterprise=chau_son)
    return {
        "own": submission_submit(user=user_named("doanhnghiep"), period=period, enterprise=own,
                                 values=values(100, 90)),
        "cs": submission_submit(user=representative, period=period, enterprise=chau_son, values=values(50, 40)),
        "cs_user": representative,
    }


def state(period, level, department=None):
    return approvals.latest(period).get((level, department.pk if department else None))


def test_required_departments_follow_the_target_zones(period, qldn, qlmt):
    assert approvals.required_departments(period) == [qldn, qlmt]


def test_whole_chain_with_demo_users(period, reports, qldn, qlmt, qlmt_head, user_named):
    head = user_named("truongphong")
    approval_approve(user=qlmt_head, period=period, level=DEPARTMENT, department=qlmt, comment="Đủ số liệu")
    approval_approve(user=head, period=period, level=DEPARTMENT, department=qldn)
    board = approval_approve(user=head, period=period, level=BOARD)
    assert board.is_approved and board.department is None
    # The leader was told the board total waits for the sign-off.
    assert Notification.objects.filter(recipient=user_named("lanhdao")).exists()
    assert Notification.objects.filter(recipient=head, title__contains="Phòng Quản lý môi trường").exists()
    # A deputy head of the board may sign off.
    approval_approve(user=user_named("photruongban1"), period=period, level=LEADER)
    period.refresh_from_db()
    assert period.is_locked and period.locked_by == user_named("photruongban1")
    # The observer reads the result.
    response = _client(user_named("quansat")).get(reverse("reporting:period_detail", args=[period.pk]))
    assert response.status_code == 200
    assert response.context["chain"].leader.is_approved
    assert b"approve-button" not in response.content and b"return-button" not in response.content


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("username", ["canbo", "quansat", "doanhnghiep", "admin", "chanhvanphong"])
def test_who_is_not_the_department_head_cannot_approve_it(period, qlmt, user_named, username):
    with pytest.raises(PermissionDenied):
        approval_approve(user=user_named(username), period=period, level=DEPARTMENT, department=qlmt)
    assert not Approval.objects.exists()


def test_officer_gets_404_on_the_page(period, qlmt, login):
    response = login("canbo").post(reverse("reporting:period_approve", args=[period.pk]),
                                   {"level": "department", "department": qlmt.pk})
    assert response.status_code == 404
    assert not Approval.objects.exists()


def test_department_approval_locks_its_zones_only(period, reports, qlmt, qlmt_head, user_named):
    approval_approve(user=qlmt_head, period=period, level=DEPARTMENT, department=qlmt)
    with pytest.raises(ValidationError) as refused:
        submission_revise(user=reports["cs_user"], submission=reports["cs"], values=values(60, 40), reason="Sai")
    message = refused.value.messages[0]
    assert "Báo cáo của Phòng Quản lý môi trường" in message and "đã được duyệt lúc" in message
    assert "hãy đề nghị phòng trả lại (mở lại) báo cáo" in message
    # An officer of the department cannot enter a new report of the zone either, nor a draft.
    other = Enterprise.objects.filter(zone__code="HNA-CS").exclude(pk=reports["cs"].enterprise_id).first()
    with pytest.raises(ValidationError):
        submission_submit(user=user_named("canbo"), period=period, enterprise=other, values=values(5, 5))
    with pytest.raises(ValidationError):
        submission_save_draft(user=user_named("canbo"), period=period, enterprise=other, values={"workforce": 5})
    # QLDN has not approved: its enterprise still corrects its report.
    revised = submission_revise(user=user_named("doanhnghiep"), submission=reports["own"],
                                values=values(120, 90), reason="Bổ sung")
    assert revised.revision == 2


def test_board_approval_waits_for_every_department(period, reports, qldn, qlmt, user_named, login):
    head = user_named("truongphong")
    approval_approve(user=head, period=period, level=DEPARTMENT, department=qldn)
    with pytest.raises(ValidationError) as refused:
        approval_approve(user=head, period=period, level=BOARD)
    assert "Phòng Quản lý môi trường" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        approval_approve(user=user_named("lanhdao"), period=period, level=LEADER)
    # Through the page: the refusal is a message, nothing is written.
    response = login("truongphong").post(reverse("reporting:period_approve", args=[period.pk]),
                                         {"level": "board"}, follow=True)
    assert "còn chờ Phòng Quản lý môi trường duyệt" in response.content.decode()
    assert Approval.objects.filter(level=BOARD).count() == 0
    # Only the consolidating department's head approves the board level.
    with pytest.raises(PermissionDenied):
        approval_approve(user=user_named("chanhvanphong"), period=period, level=BOARD)


def test_return_reopens_and_voids_the_levels_above(period, reports, qldn, qlmt, qlmt_head, user_named):
    head = user_named("truongphong")
    approval_approve(user=qlmt_head, period=period, level=DEPARTMENT, department=qlmt)
    approval_approve(user=head, period=period, level=DEPARTMENT, department=qldn)
    approval_approve(user=head, period=period, level=BOARD)
    with pytest.raises(ValidationError):
        approval_return(user=qlmt_head, period=period, level=DEPARTMENT, department=qlmt, comment="")
    approval_return(user=qlmt_head, period=period, level=DEPARTMENT, department=qlmt, comment="Sửa số lao động")
    assert state(period, DEPARTMENT, qlmt).status == ApprovalStatus.RETURNED
    assert state(period, BOARD).status == ApprovalStatus.RETURNED
    assert state(period, DEPARTMENT, qldn).is_approved
    # The correction is possible again, then goes back through approval.
    submission_revise(user=reports["cs_user"], submission=reports["cs"], values=values(60, 40), reason="Sửa")
    with pytest.raises(ValidationError):
        approval_approve(user=head, period=period, level=BOARD)
    approval_approve(user=qlmt_head, period=period, level=DEPARTMENT, department=qlmt)
    approval_approve(user=head, period=period, level=BOARD)
    # History: every decision is a row.
    assert list(Approval.objects.filter(level=DEPARTMENT, department=qlmt).values_list("status", flat=True)) == [
        ApprovalStatus.APPROVED, ApprovalStatus.RETURNED, ApprovalStatus.APPROVED]


def test_leader_sign_off_locks_and_only_a_leader_reopens(period, reports, qldn, qlmt, qlmt_head, user_named):
    head, leader = user_named("truongphong"), user_named("lanhdao")
    approval_approve(user=qlmt_head, period=period, level=DEPARTMENT, department=qlmt)
    approval_approve(user=head, period=period, level=DEPARTMENT, department=qldn)
    approval_approve(user=head, period=period, level=BOARD)
    approval_approve(user=leader, period=period, level=LEADER)
    period.refresh_from_db()
    assert period.is_locked
    with pytest.raises(ValidationError):
        submission_revise(user=user_named("doanhnghiep"), submission=reports["own"], values=values(1, 1),
                          reason="Sửa")
    with pytest.raises(ValidationError):
        approval_return(user=head, period=period, level=DEPARTMENT, department=qldn, comment="Sửa")
    approval_return(user=leader, period=period, level=DEPARTMENT, department=qldn, comment="Phòng QLDN kiểm tra lại")
    period.refresh_from_db()
    assert not period.is_locked
    assert not state(period, LEADER).is_approved and not state(period, BOARD).is_approved
    assert state(period, DEPARTMENT, qlmt).is_approved
    submission_revise(user=user_named("doanhnghiep"), submission=reports["own"], values=values(1, 1), reason="Sửa")


def test_a_failed_approval_leaves_nothing(period, reports, qldn, qlmt, qlmt_head, user_named, monkeypatch):
    from kcn.reporting import services

    def broken(*args, **kwargs):
        raise RuntimeError("mạng hỏng")

    with monkeypatch.context() as patch:
        patch.setattr(services, "_approval_notify", broken)
        with pytest.raises(RuntimeError):
            approval_approve(user=qlmt_head, period=period, level=DEPARTMENT, department=qlmt)
    assert not Approval.objects.exists()
    head = user_named("truongphong")
    approval_approve(user=qlmt_head, period=period, level=DEPARTMENT, department=qlmt)
    approval_approve(user=head, period=period, level=DEPARTMENT, department=qldn)
    approval_approve(user=head, period=period, level=BOARD)
    # The leader's sign-off and the period lock go together.
    monkeypatch.setattr(services, "_lock", broken)
    with pytest.raises(RuntimeError):
        approval_approve(user=user_named("lanhdao"), period=period, level=LEADER)
    assert not Approval.objects.filter(level=LEADER).exists()


def test_period_page_shows_the_chain_and_the_buttons(period, reports, qldn, qlmt, login, user_named):
    url = reverse("reporting:period_detail", args=[period.pk])
    page = login("truongphong").get(url)
    chain = page.context["chain"]
    assert [step.department for step in chain.departments] == [qldn, qlmt]
    assert chain.step(DEPARTMENT, qldn.pk).can_approve and not chain.step(DEPARTMENT, qlmt.pk).can_approve
    assert not chain.board.can_approve
    response = login("truongphong").post(reverse("reporting:period_approve", args=[period.pk]),
                                         {"level": "department", "department": qldn.pk, "comment": "Đủ"}, follow=True)
    assert response.status_code == 200
    chain = response.context["chain"]
    assert chain.step(DEPARTMENT, qldn.pk).is_approved and chain.step(DEPARTMENT, qldn.pk).can_return
    assert "Đã duyệt" in response.content.decode()
    # The officer sees the chain but no button.
    page = login("canbo").get(url)
    assert b"approve-button" not in page.content and b"return-button" not in page.content
    # Return through the page needs a reason; an enterprise gets 404.
    response = login("doanhnghiep").post(reverse("reporting:period_return", args=[period.pk]),
                                         {"level": "department", "department": qldn.pk, "comment": "x"})
    assert response.status_code == 404
    response = login("truongphong").post(reverse("reporting:period_return", args=[period.pk]),
                                         {"level": "department", "department": qldn.pk, "comment": "Sửa"})
    assert response.status_code == 302
    assert state(period, DEPARTMENT, qldn).status == ApprovalStatus.RETURNED


def test_another_boards_period_is_404(period, qldn, login):
    other = Board.objects.create(name="Ban Quản lý các KCN tỉnh Thử", short_name="Thử",
                                 province=Board.objects.get().province)
    schedule = Schedule.objects.create(template=period.schedule.template, board=other, name="Khác",
                                       target=TargetKind.ZONES, frequency=Frequency.DAILY)
    foreign = period_ensure(schedule=schedule, around=timezone.localdate())[0]
    response = login("truongphong").post(reverse("reporting:period_approve", args=[foreign.pk]),
                                         {"level": "board"})
    assert response.status_code == 404
