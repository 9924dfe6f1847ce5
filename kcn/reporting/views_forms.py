"""Pages to fill in reports: "my reports" and the report form (draft, submit, revise).

An enterprise's representative reports for its enterprise; a department officer or head for
the enterprises of the zones it monitors. Every write goes through ``kcn.reporting.services``;
a period or enterprise outside the user's reach answers 404, like one that does not exist.

Periods are opened ahead of time by the hourly task ``periods_open_task``; opening "my reports"
(or the home page) also runs ``period_ensure`` for today on each visible schedule, a read when
the period exists, so a report can be filled even if the task queue was down.
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.registry.models import Enterprise

from . import approvals, consolidation, services
from .choices import Frequency, SubmissionStatus
from .forms import REASON, ReportForm, ReviseForm, shown_value
from .models import Period, Schedule, Submission
from .prefill import prefill_values
from .selectors import schedules_targeting_q, visible_schedules

# Periods shown on "my reports": the current ones and those due in the last RECENT_DAYS days.
RECENT_DAYS = 31
PER_PAGE = 50


class Status:
    MISSING = "missing"
    DRAFT = "draft"
    ON_TIME = "on_time"
    LATE = "late"

    LABELS = {
        MISSING: gettext_lazy("chưa nộp"),
        DRAFT: gettext_lazy("bản nháp"),
        ON_TIME: gettext_lazy("đã nộp đúng hạn"),
        LATE: gettext_lazy("nộp muộn"),
    }
    BADGES = {MISSING: "text-bg-secondary", DRAFT: "text-bg-warning", ON_TIME: "text-bg-success",
              LATE: "text-bg-danger"}


def submission_status(submission, period):
    if submission is None:
        return Status.MISSING
    if submission.status == SubmissionStatus.DRAFT:
        return Status.DRAFT
    return Status.ON_TIME if submission.submitted_at <= period.due_at else Status.LATE


@dataclass
class Row:
    period: Period
    enterprise: Enterprise
    submission: Submission | None
    status: str
    overdue: bool

    @property
    def status_label(self):
        return Status.LABELS[self.status]

    @property
    def badge(self):
        return Status.BADGES[self.status]

    @property
    def url(self):
        return reverse("reporting:report_fill", args=[self.period.pk, self.enterprise.pk])

    @property
    def done(self):
        return self.status in (Status.ON_TIME, Status.LATE)


def reporting_enterprises(user):
    """The enterprises ``user`` sees (for a representative: its own; an officer: its zones')."""
    return Enterprise.objects.restrict(user, Action.VIEW)


def reporting_schedules(user, enterprises):
    """Active schedules of the user's boards that ask at least one of ``enterprises`` to report."""
    schedules = visible_schedules(Schedule.objects.restrict(user, Action.VIEW), user)
    return (schedules.filter(is_active=True)
            .filter(pk__in=Schedule.objects.filter(schedules_targeting_q(enterprises)).values("pk"))
            .select_related("template").order_by("name", "pk"))


def ensure_current_periods(schedules, today):
    for schedule in schedules:
        if schedule.frequency != Frequency.AD_HOC:  # ad hoc periods are created one by one
            services.period_ensure(schedule=schedule, around=today)


def report_rows(user, enterprises, *, today=None, only_today=False):
    """(period, enterprise) pairs the user reports for: open periods, newest first, with status."""
    today = today or timezone.localdate()
    now = timezone.now()
    schedules = list(reporting_schedules(user, enterprises))
    ensure_current_periods(schedules, today)
    periods = Period.objects.filter(schedule__in=schedules, locked_at__isnull=True, start__lte=today)
    if only_today:
        periods = periods.filter(end__gte=today)
    else:
        since = now - datetime.timedelta(days=RECENT_DAYS)
        periods = periods.filter(due_at__gte=since) | periods.filter(end__gte=today)
    periods = list(periods.select_related("schedule").order_by("-start", "schedule__name", "pk"))
    targets = {}
    for schedule in schedules:
        targets[schedule.pk] = list(enterprises.filter(pk__in=schedule.target_enterprises().values("pk"))
                                    .select_related("zone").order_by("name", "pk"))
    submissions = {
        (s.period_id, s.enterprise_id): s
        for s in Submission.objects.filter(period__in=periods, enterprise__in=enterprises).only(
            "pk", "period_id", "enterprise_id", "status", "submitted_at")
    }
    rows = []
    for period in periods:
        for enterprise in targets[period.schedule_id]:
            submission = submissions.get((period.pk, enterprise.pk))
            status = submission_status(submission, period)
            overdue = status in (Status.MISSING, Status.DRAFT) and period.due_at < now
            rows.append(Row(period, enterprise, submission, status, overdue))
    return rows


def _require(user, action):
    if not role_allows(user, Submission, action):
        raise Http404


@login_required
def my_reports(request):
    """The periods the user must report for, with status, deadline and a button to fill or view."""
    user = request.user
    _require(user, Action.VIEW)
    enterprises = reporting_enterprises(user)
    choices = None
    selected = None
    if enterprises.count() > 1 or request.GET.get("enterprise"):
        choices = list(enterprises.select_related("zone").order_by("name", "pk"))
        try:
            selected = int(request.GET.get("enterprise") or 0) or None
        except ValueError:
            selected = None
        if selected is not None:
            enterprises = enterprises.filter(pk=selected)
    rows = report_rows(user, enterprises)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reporting/forms/my_reports.html", {
        "page": page,
        "rows": page.object_list,
        "enterprise_choices": choices,
        "selected_enterprise": selected,
        "can_add": role_allows(user, Submission, Action.ADD),
        "statuses": Status.LABELS,
    })


def _target(user, period_id, enterprise_id):
    """The period and enterprise of the URL, or 404 if either is out of the user's reach."""
    _require(user, Action.VIEW)
    enterprises = reporting_enterprises(user)
    enterprise = get_object_or_404(enterprises.select_related("zone"), pk=enterprise_id)
    schedules = visible_schedules(Schedule.objects.restrict(user, Action.VIEW), user)
    period = get_object_or_404(
        Period.objects.restrict(user, Action.VIEW).filter(schedule__in=schedules)
        .select_related("schedule__template"), pk=period_id)
    if not period.schedule.target_enterprises().filter(pk=enterprise.pk).exists():
        raise Http404
    return period, enterprise


def approval_lock(period, enterprise) -> str | None:
    """Why the report can no longer be saved or submitted, before anyone tries: the period is
    locked, or the department of the enterprise's zone approved it (``services._check_not_approved``
    refuses the write itself; this only reads, to say so up front)."""
    if period.is_locked:
        return _("Kỳ báo cáo %(period)s đã được duyệt và khóa từ %(at)s; không nộp hay sửa được nữa.") % {
            "period": period.label, "at": timezone.localtime(period.locked_at).strftime("%H:%M %d/%m/%Y")}
    department_id = consolidation.departments_on(period.start, [enterprise.zone_id]).get(enterprise.zone_id)
    approval = approvals.department_approved(period, department_id) if department_id else None
    if approval is None:
        return None
    return _(
        "Kỳ này đã được %(department)s duyệt lúc %(at)s; muốn điều chỉnh, đề nghị phòng trả lại (mở lại) báo cáo."
    ) % {"department": approval.department.name, "at": timezone.localtime(approval.at).strftime("%H:%M %d/%m/%Y")}


def _fill_url(period, enterprise):
    return reverse("reporting:report_fill", args=[period.pk, enterprise.pk])


@login_required
def report_fill(request, period_id, enterprise_id):
    """Fill in (draft, submit) an enterprise's report for a period; once submitted, show it and
    offer a correction with a reason."""
    user = request.user
    period, enterprise = _target(user, period_id, enterprise_id)
    submission = (Submission.objects.filter(period=period, enterprise=enterprise)
                  .select_related("version", "submitted_by").first())
    if submission is not None and submission.is_submitted:
        return _submitted_page(request, period, enterprise, submission)
    version = submission.version if submission else period.schedule.template.current_version()
    if version is None:
        raise Http404
    lock = approval_lock(period, enterprise)
    can_add = role_allows(user, Submission, Action.ADD)
    if submission is not None:
        values, prefilled = submission.values, {}
    else:
        values = prefilled = prefill_values(version=version, enterprise=enterprise,
                                            day=min(period.end, timezone.localdate()))
    form = ReportForm(request.POST if request.method == "POST" else None, version=version, values=values)
    status = 200
    if request.method == "POST":
        if not can_add:
            raise Http404
        action = request.POST.get("action")
        if form.is_valid():
            try:
                if action == "submit":
                    services.submission_submit(user=user, period=period, enterprise=enterprise, values=form.values())
                    messages.success(request, _("Đã nộp báo cáo kỳ %(period)s của %(enterprise)s.")
                                     % {"period": period.label, "enterprise": enterprise.name})
                else:
                    services.submission_save_draft(user=user, period=period, enterprise=enterprise,
                                                   values=form.values())
                    messages.success(request, _("Đã lưu bản nháp. Báo cáo chưa được nộp."))
                return redirect(_fill_url(period, enterprise))
            except PermissionDenied as error:
                raise Http404 from error
            except ValidationError as error:
                if getattr(error, "code", None) == "already_submitted":
                    messages.error(request, error.messages[0])
                    return redirect(_fill_url(period, enterprise))
                form.attach(error)
        status = 400
        form.mark_invalid()
    if lock:
        for bound in form:
            bound.field.disabled = True
    return render(request, "reporting/forms/report_fill.html", {
        **_common(period, enterprise, submission, can_add, lock),
        "form": form,
        "can_upload": can_add and not lock and role_allows(user, Submission, Action.IMPORT),
        "prefilled": [field.label for field in form.report_fields if field.code in prefilled],
    }, status=status)


def _common(period, enterprise, submission, can_add, lock=None):
    status = submission_status(submission, period)
    return {
        "lock_message": lock,
        "period": period,
        "enterprise": enterprise,
        "submission": submission,
        "status_label": Status.LABELS[status],
        "status_badge": Status.BADGES[status],
        "can_add": can_add,
        "overdue": status in (Status.MISSING, Status.DRAFT) and period.due_at < timezone.now(),
    }


def _submitted_page(request, period, enterprise, submission):
    user = request.user
    lock = approval_lock(period, enterprise)
    can_revise = (role_allows(user, Submission, Action.CHANGE) and not lock
                  and Submission.objects.restrict(user, Action.CHANGE).filter(pk=submission.pk).exists())
    form = None
    status = 200
    if can_revise:
        data = request.POST if request.method == "POST" else None
        form = ReviseForm(data, version=submission.version, values=submission.values)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.submission_revise(user=user, submission=submission, values=form.values(),
                                               reason=form.cleaned_data[REASON])
                except PermissionDenied as error:
                    raise Http404 from error
                except ValidationError as error:
                    form.attach(error)
                else:
                    messages.success(request, _("Đã lưu bản điều chỉnh của báo cáo."))
                    return redirect(_fill_url(period, enterprise))
            status = 400
            form.mark_invalid()
    elif request.method == "POST":
        raise Http404
    fields = list(submission.version.fields.all())
    revisions = list(submission.revisions.select_related("created_by").order_by("-number"))
    for revision in revisions:
        revision.shown = [(field, shown_value(field, revision.values.get(field.code))) for field in fields]
    return render(request, "reporting/forms/report_submitted.html", {
        **_common(period, enterprise, submission, role_allows(user, Submission, Action.ADD), lock),
        "figures": [(field, shown_value(field, submission.values.get(field.code))) for field in fields],
        "revisions": revisions,
        "form": form,
        "reopen_revise": status == 400,
    }, status=status)
