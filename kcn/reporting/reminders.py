"""Reminders before a period's deadline, and the missing list after it (issue 3).

* ``reminders_send(now=...)``: for each period of an active schedule that has started, is not
  locked and is due within the reminder lead (``reminder_lead``: hours for daily reports, days
  for longer ones), every account of an enterprise that must report and has not submitted (a
  draft is not submitted) gets a reminder with the link to its report form.
* ``missing_lists_send(now=...)``: for each period of an active schedule that is not locked and
  whose deadline passed less than ``KCN_REPORT_MISSING_LIST_HOURS`` ago, the staff of each
  department (head, deputies, officers) get the list of the enterprises that have not reported
  in the zones the department monitored on the period's first day (the consolidation's and the
  approval chain's mapping), with their contacts and the link to the period's page. Older
  periods are left alone, so a queue that was down for a week does not flood anyone.

Both go out in-app and by e-mail through ``communications.notify``, each written in its
recipient's language (``User.language``; notify stores the text as given).

A department that has already approved the period gets no missing list, and the enterprises of
its zones no reminder: their reports are locked, they could not submit anyway.

Nothing goes out twice. ``notify`` has no idempotency key (each call is a new notification), so
each message is recorded as a ``ReminderLog`` row, unique per (period, kind, recipient,
enterprise or department), inserted in the same transaction as the notification: a second run,
or the 15-minute task overlapping a manual ``kcn reporting_remind``, hits the unique constraint
(on PostgreSQL the second insert waits for the first transaction, then fails) and skips; a
failure rolls both back and the next run tries again. E-mails leave only after the commit
(notify's on_commit), so a rolled-back message is never mailed.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kcn.communications.services import notify
from kcn.registry.models import EnterpriseUser, Staff

from . import approvals
from .choices import Frequency, SubmissionStatus
from .consolidation import departments_on
from .models import ApprovalLevel, Period, ReminderKind, ReminderLog, Submission

#: A missing list names at most this many enterprises; the period's page (and its export) has all.
MISSING_LIST_LINES = 200
TITLE_LENGTH = 255  # Notification.title
SHORT_FREQUENCIES = (Frequency.DAILY, Frequency.AD_HOC)


def reminder_lead(frequency) -> datetime.timedelta:
    """How long before the deadline a period's reminders go out.

    ``KCN_REPORT_REMINDER_HOURS`` (3) for daily and ad hoc reports, filled the day they are due;
    ``KCN_REPORT_REMINDER_DAYS`` (2) for weekly and longer ones, whose figures take a couple of
    days to gather.
    """
    if frequency in SHORT_FREQUENCIES:
        return datetime.timedelta(hours=settings.KCN_REPORT_REMINDER_HOURS)
    return datetime.timedelta(days=settings.KCN_REPORT_REMINDER_DAYS)


def _open_periods():
    return (Period.objects.filter(locked_at__isnull=True, schedule__is_active=True)
            .select_related("schedule__template").order_by("due_at", "pk"))


def _missing(period: Period):
    """The enterprises the schedule asks to report that have no submitted report for the period."""
    submitted = Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED).values("enterprise_id")
    return period.schedule.target_enterprises().exclude(pk__in=submitted)


def _approved_departments(period: Period) -> set[int]:
    rows = approvals.latest(period)
    return {department_id for level, department_id in rows
            if level == ApprovalLevel.DEPARTMENT and approvals.approved(rows, level, department_id)}


def _due(period: Period) -> str:
    return timezone.localtime(period.due_at).strftime("%H:%M %d/%m/%Y")


def _send_once(log: ReminderLog, *, title: str, body: str, url: str) -> bool:
    """Record ``log`` and notify its recipient in one transaction; False if it went out before."""
    try:
        with transaction.atomic():
            log.save()
            notify(recipients=[log.recipient], title=Truncator(title).chars(TITLE_LENGTH), body=body, url=url)
    except IntegrityError:
        return False
    return True


# --- Before the deadline: remind the enterprises --------------------------------------------------


def reminders_send(*, now: datetime.datetime) -> int:
    """Remind the enterprises that have not reported of the periods due soon; how many were sent."""
    longest = max(reminder_lead(frequency) for frequency in Frequency.values)
    periods = _open_periods().filter(due_at__gt=now, due_at__lte=now + longest,
                                     start__lte=timezone.localdate(now))
    sent = 0
    for period in periods:
        if period.due_at - now <= reminder_lead(period.schedule.frequency):
            sent += _remind(period, now)
    return sent


def _remind(period: Period, now: datetime.datetime) -> int:
    links = list(EnterpriseUser.objects.filter(enterprise__in=_missing(period), user__is_active=True)
                 .select_related("user", "enterprise").order_by("enterprise_id", "user_id"))
    if not links:
        return 0
    blocked = _approved_departments(period)
    if blocked:
        departments = departments_on(period.start, {link.enterprise.zone_id for link in links})
        links = [link for link in links if departments.get(link.enterprise.zone_id) not in blocked]
    done = set(ReminderLog.objects.filter(period=period, kind=ReminderKind.REMINDER)
               .values_list("recipient_id", "enterprise_id"))
    sent = 0
    for link in links:
        if (link.user_id, link.enterprise_id) in done:
            continue
        url = reverse("reporting:report_fill", args=[period.pk, link.enterprise_id])
        with translation.override(link.user.language):
            names = {"enterprise": link.enterprise.name, "template": period.schedule.template.name,
                     "period": period.label, "due": _due(period)}
            title = _("Nhắc nộp báo cáo “%(template)s” kỳ %(period)s trước %(due)s") % names
            body = _(
                "%(enterprise)s chưa nộp báo cáo “%(template)s” kỳ %(period)s. Hạn nộp: %(due)s. Đề nghị doanh "
                "nghiệp nhập và nộp báo cáo trên KCN trước hạn; bản nháp chưa được tính là đã nộp."
            ) % names
        log = ReminderLog(period=period, kind=ReminderKind.REMINDER, recipient=link.user,
                          enterprise=link.enterprise, sent_at=now)
        if _send_once(log, title=title, body=body, url=url):
            sent += 1
    return sent


# --- After the deadline: the missing list to each department ------------------------------------


def missing_lists_send(*, now: datetime.datetime) -> int:
    """Send each department the list of its enterprises that missed a recent deadline; how many
    messages were sent (one per staff member and period)."""
    window = datetime.timedelta(hours=settings.KCN_REPORT_MISSING_LIST_HOURS)
    sent = 0
    for period in _open_periods().filter(due_at__lte=now, due_at__gt=now - window):
        sent += _missing_list(period, now)
    return sent


def _missing_list(period: Period, now: datetime.datetime) -> int:
    missing = list(_missing(period).select_related("zone").order_by("zone__code", "name", "pk"))
    if not missing:
        return 0
    departments = departments_on(period.start, {enterprise.zone_id for enterprise in missing})
    blocked = _approved_departments(period)
    by_department = defaultdict(list)
    for enterprise in missing:
        department_id = departments.get(enterprise.zone_id)
        if department_id is not None and department_id not in blocked:
            by_department[department_id].append(enterprise)
    if not by_department:
        return 0
    staff = (Staff.objects.filter(department_id__in=by_department, user__is_active=True)
             .select_related("user", "department").order_by("department_id", "user_id"))
    done = set(ReminderLog.objects.filter(period=period, kind=ReminderKind.MISSING_LIST)
               .values_list("recipient_id", "department_id"))
    url = reverse("reporting:period_detail", args=[period.pk])
    sent = 0
    for member in staff:
        if (member.user_id, member.department_id) in done:
            continue
        with translation.override(member.user.language):
            title, body = _missing_list_text(period, member.department, by_department[member.department_id])
        log = ReminderLog(period=period, kind=ReminderKind.MISSING_LIST, recipient=member.user,
                          department=member.department, sent_at=now)
        if _send_once(log, title=title, body=body, url=url):
            sent += 1
    return sent


def _missing_list_text(period: Period, department, enterprises) -> tuple[str, str]:
    """Title and plain-text body of a department's missing list, in the active language."""
    count = len(enterprises)
    names = {"count": number_format(count, force_grouping=True), "period": period.label, "due": _due(period),
             "template": period.schedule.template.name, "department": department.name}
    title = ngettext(
        "%(count)s doanh nghiệp chưa nộp báo cáo “%(template)s” kỳ %(period)s",
        "%(count)s doanh nghiệp chưa nộp báo cáo “%(template)s” kỳ %(period)s",
        count,
    ) % names
    intro = ngettext(
        "Đã quá hạn nộp (%(due)s) báo cáo “%(template)s” kỳ %(period)s. %(count)s doanh nghiệp thuộc các KCN do "
        "%(department)s theo dõi chưa nộp:",
        "Đã quá hạn nộp (%(due)s) báo cáo “%(template)s” kỳ %(period)s. %(count)s doanh nghiệp thuộc các KCN do "
        "%(department)s theo dõi chưa nộp:",
        count,
    ) % names
    none = _("chưa có")
    lines = [intro, ""]
    for index, enterprise in enumerate(enterprises[:MISSING_LIST_LINES], start=1):
        lines.append(_("%(index)s. %(name)s (%(zone)s) – MST: %(tax_code)s – ĐT: %(phone)s – Thư: %(email)s") % {
            "index": index, "name": enterprise.name, "zone": enterprise.zone.name, "tax_code": enterprise.tax_code,
            "phone": enterprise.phone or none, "email": enterprise.email or none,
        })
    if count > MISSING_LIST_LINES:
        lines.append(_("… và %(count)s doanh nghiệp khác.") % {
            "count": number_format(count - MISSING_LIST_LINES, force_grouping=True)})
    lines += ["", _("Danh sách đầy đủ, có thể xuất ra Excel, ở trang kỳ báo cáo trên KCN.")]
    return title, "\n".join(lines)
