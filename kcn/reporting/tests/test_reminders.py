"""Reminders before the deadline and the missing list after it, sent through a real SMTP server
on loopback (aiosmtpd) and into the in-app inbox.

The schedule asks the enterprises of KCN Đồng Văn II (monitored by Phòng Quản lý doanh nghiệp:
truongphong) and KCN Châu Sơn (Phòng Quản lý môi trường: truongphong.moitruong and canbo) for
the daily report, due at 17:00.
"""

import datetime
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from django.core.management import call_command
from django.urls import reverse

from kcn.accounts.models import User
from kcn.communications.models import Notification
from kcn.communications.tests.conftest import smtp_server  # noqa: F401 - the loopback SMTP server fixture
from kcn.registry.models import Department, Enterprise, EnterpriseUser
from kcn.reporting.choices import Frequency
from kcn.reporting.models import ApprovalLevel, ReminderLog
from kcn.reporting.reminders import missing_lists_send, reminder_lead, reminders_send
from kcn.reporting.services import approval_approve, period_lock, submission_submit
from kcn.reporting.tests.factories import daily_schedule

VALUES = {"workforce": 100, "workers_at_work": 90, "returnees": 1, "workers_not_returned": 2,
          "f0": 0, "f1": 0, "f2": 0, "f3": 0}


@pytest.fixture
def schedule(demo):
    schedule = daily_schedule(["HNA-DV2", "HNA-CS"], due_time=datetime.time(17, 0))
    return schedule


def representative(enterprise, username):
    user = User.objects.create(username=username, role="enterprise", email=f"{username}@dn.example.vn")
    EnterpriseUser.objects.create(user=user, enterprise=enterprise)
    return user


@pytest.fixture
def accounts(own, user_named):
    """The accounts of three enterprises: doanhnghiep's own (DV2), a second DV2 enterprise that
    reports in time, and a Châu Sơn enterprise."""
    dv2_other = Enterprise.objects.filter(zone__code="HNA-DV2").exclude(pk=own.pk).order_by("pk").first()
    cs = Enterprise.objects.filter(zone__code="HNA-CS").order_by("pk").first()
    return {
        "own": (own, user_named("doanhnghiep")),
        "dv2_reported": (dv2_other, representative(dv2_other, "dn.dongvan")),
        "cs": (cs, representative(cs, "dn.chauson")),
    }


def subject_of(message):
    return str(make_header(decode_header(message_from_bytes(message.as_bytes())["Subject"])))


def mail_to(mailbox, address):
    found = [message for _sender, recipients, message in mailbox.messages if recipients == [address]]
    assert len(found) == 1, f"{address}: {len(found)} messages"
    return found[0]


def run(capture, function, now):
    # E-mails leave after the commit; in a test the commit callbacks are run here.
    with capture(execute=True):
        return function(now=now)


def test_the_lead_time_depends_on_the_frequency(settings):
    settings.KCN_REPORT_REMINDER_HOURS = 3
    settings.KCN_REPORT_REMINDER_DAYS = 2
    assert reminder_lead(Frequency.DAILY) == datetime.timedelta(hours=3)
    assert reminder_lead(Frequency.MONTHLY) == datetime.timedelta(days=2)
    assert reminder_lead(Frequency.QUARTERLY) == datetime.timedelta(days=2)


def test_enterprises_that_have_not_reported_are_reminded_by_email_and_in_the_inbox(
        period, accounts, smtp_server, django_capture_on_commit_callbacks):  # noqa: F811
    reported, reporter = accounts["dv2_reported"]
    submission_submit(user=reporter, period=period, enterprise=reported, values=VALUES)

    sent = run(django_capture_on_commit_callbacks, reminders_send, period.due_at - datetime.timedelta(hours=1))

    assert sent == 2
    for key in ("own", "cs"):
        enterprise, user = accounts[key]
        message = mail_to(smtp_server, user.email)
        assert subject_of(message) == (f"Nhắc nộp báo cáo “{period.schedule.template.name}” kỳ {period.label} "
                                       f"trước 17:00 {period.end:%d/%m/%Y}")
        text = message.get_content()
        assert enterprise.name in text
        fill = reverse("reporting:report_fill", args=[period.pk, enterprise.pk])
        assert fill in text
        [notification] = Notification.objects.filter(recipient=user)
        assert notification.url == fill and notification.read_at is None
        assert notification.channel_results == {"email": "sent", "in_app": "sent"}
    # The enterprise that reported is left alone.
    assert reporter.email not in {address for _s, recipients, _m in smtp_server.messages for address in recipients}
    assert not Notification.objects.filter(recipient=reporter).exists()


def test_running_again_sends_nothing_twice(period, accounts, smtp_server, django_capture_on_commit_callbacks):  # noqa: F811
    now = period.due_at - datetime.timedelta(hours=2)
    assert run(django_capture_on_commit_callbacks, reminders_send, now) == 3
    # The task runs every 15 minutes: the later runs before the deadline find everything sent.
    assert run(django_capture_on_commit_callbacks, reminders_send, now + datetime.timedelta(minutes=15)) == 0
    assert run(django_capture_on_commit_callbacks, reminders_send, now + datetime.timedelta(minutes=90)) == 0
    assert len(smtp_server.messages) == 3
    assert Notification.objects.count() == 3
    assert ReminderLog.objects.filter(period=period).count() == 3


def test_no_reminder_before_the_lead_time_nor_after_the_deadline(period, accounts, settings):
    settings.KCN_REPORT_REMINDER_HOURS = 3
    assert reminders_send(now=period.due_at - datetime.timedelta(hours=3, minutes=1)) == 0
    assert reminders_send(now=period.due_at + datetime.timedelta(minutes=1)) == 0
    assert not Notification.objects.exists()


def test_a_locked_period_gets_neither_reminders_nor_missing_lists(period, accounts, user_named):
    period_lock(user=user_named("admin"), period=period)
    assert reminders_send(now=period.due_at - datetime.timedelta(hours=1)) == 0
    assert missing_lists_send(now=period.due_at + datetime.timedelta(hours=1)) == 0
    assert not Notification.objects.exists()


def test_each_department_receives_the_missing_list_of_its_own_zones(
        period, accounts, user_named, smtp_server, django_capture_on_commit_callbacks):  # noqa: F811
    reported, reporter = accounts["dv2_reported"]
    submission_submit(user=reporter, period=period, enterprise=reported, values=VALUES)
    dv2_missing = list(Enterprise.objects.filter(zone__code="HNA-DV2").exclude(pk=reported.pk))
    cs_missing = list(Enterprise.objects.filter(zone__code="HNA-CS"))
    assert dv2_missing and cs_missing

    sent = run(django_capture_on_commit_callbacks, missing_lists_send, period.due_at + datetime.timedelta(hours=1))

    # truongphong (QLDN: DV2), truongphong.moitruong and canbo (QLMT: Châu Sơn); nobody else.
    assert sent == 3
    recipients = sorted(address for _s, addresses, _m in smtp_server.messages for address in addresses)
    assert recipients == sorted(user_named(name).email for name in ("truongphong", "truongphong.moitruong", "canbo"))
    detail = reverse("reporting:period_detail", args=[period.pk])

    qldn = mail_to(smtp_server, user_named("truongphong").email)
    assert subject_of(qldn).startswith(f"{len(dv2_missing)} doanh nghiệp chưa nộp báo cáo")
    text = qldn.get_content()
    assert "Phòng Quản lý doanh nghiệp" in text and detail in text
    for enterprise in dv2_missing:
        assert enterprise.name in text and enterprise.tax_code in text
        assert enterprise.phone in text and enterprise.email in text
    assert reported.tax_code not in text
    assert not any(enterprise.tax_code in text for enterprise in cs_missing)

    for name in ("truongphong.moitruong", "canbo"):
        text = mail_to(smtp_server, user_named(name).email).get_content()
        assert all(enterprise.tax_code in text for enterprise in cs_missing)
        assert not any(enterprise.tax_code in text for enterprise in dv2_missing)
        [notification] = Notification.objects.filter(recipient=user_named(name))
        assert notification.url == detail and "Châu Sơn" in notification.body

    # Again an hour later: nothing new.
    assert run(django_capture_on_commit_callbacks, missing_lists_send, period.due_at + datetime.timedelta(hours=2)) == 0
    assert len(smtp_server.messages) == 3


def test_old_periods_and_periods_not_yet_due_send_no_missing_list(period, accounts, settings):
    settings.KCN_REPORT_MISSING_LIST_HOURS = 24
    assert missing_lists_send(now=period.due_at - datetime.timedelta(minutes=1)) == 0
    assert missing_lists_send(now=period.due_at + datetime.timedelta(hours=25)) == 0
    assert not Notification.objects.exists()


def test_a_department_that_approved_gets_no_missing_list_and_its_enterprises_no_reminder(
        period, accounts, user_named):
    qldn = Department.objects.get(name="Phòng Quản lý doanh nghiệp")
    approval_approve(user=user_named("truongphong"), period=period, level=ApprovalLevel.DEPARTMENT, department=qldn)

    assert reminders_send(now=period.due_at - datetime.timedelta(hours=1)) == 1
    assert [log.recipient.username for log in ReminderLog.objects.filter(kind="reminder")] == ["dn.chauson"]
    assert missing_lists_send(now=period.due_at + datetime.timedelta(hours=1)) == 2
    listed = {log.recipient.username for log in ReminderLog.objects.filter(kind="missing_list")}
    assert listed == {"truongphong.moitruong", "canbo"}
    assert not Notification.objects.filter(recipient=user_named("truongphong"), title__contains="chưa nộp").exists()


def test_the_command_sends_what_is_due_once(period, accounts, capsys):
    from django.utils import timezone

    # The command acts at the current time: move the deadline to an hour from now.
    period.due_at = timezone.now() + datetime.timedelta(hours=1)
    period.save(update_fields=["due_at"])
    call_command("reporting_remind")
    assert "Đã gửi 3 lời nhắc nộp báo cáo và 0 danh sách" in capsys.readouterr().out
    call_command("reporting_remind")
    assert "Đã gửi 0 lời nhắc nộp báo cáo và 0 danh sách" in capsys.readouterr().out
    assert Notification.objects.count() == 3


def test_an_overlapping_run_that_already_recorded_a_message_wins(period, accounts):
    """Two runs read "not sent yet" at the same time; the unique row decides, not that read."""
    from django.utils import timezone

    from kcn.reporting.reminders import _send_once

    enterprise, user = accounts["cs"]
    ReminderLog.objects.create(period=period, kind="reminder", recipient=user, enterprise=enterprise,
                               sent_at=timezone.now())
    late = ReminderLog(period=period, kind="reminder", recipient=user, enterprise=enterprise, sent_at=timezone.now())
    assert _send_once(late, title="Nhắc nộp báo cáo", body="", url="/") is False
    assert not Notification.objects.exists()
