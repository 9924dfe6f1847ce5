"""Following the reports: the periods overview and one period's page (completeness, who has not
reported and how to reach them, and the consolidated totals of the user's level).

Who sees what (the registry's scope decides; these views only read through ``restrict``):

* completeness and the missing list cover the targeted enterprises the user may see: an officer
  or a department head their department's zones, the leader and the observer the whole board;
* a department's staff see their department's totals by zone and by enterprise;
* the leader, the observer, and the staff of the consolidating department (Department.consolidates:
  Phòng Quản lý doanh nghiệp, plan 16/KH-BQLKCN) see the board's totals by department and zone.
  The consolidating department sees the board's *figures*, never the names of enterprises
  outside its zones: its missing list stays within its zones, like the API's completeness;
* an enterprise's representative and roles without access to periods get 404 on the period page.

Figures are read from the pre-aggregated total rows only (consolidation.board_totals and
department_totals); the page's query count does not depend on the number of enterprises.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.exporters import ExportColumn, export_response
from kcn.core.permissions import role_allows
from kcn.registry.models import Department

from . import services
from .approvals import chain_of
from .choices import Frequency, SubmissionStatus
from .consolidation import board_totals, department_totals, field_columns
from .filtersets import PeriodFilterSet
from .models import ApprovalLevel, Period, Schedule, Submission
from .selectors import (
    STAFF_ROLES,
    period_completeness,
    reporting_level,
    targeted_enterprises,
    visible_schedules,
)


def vn_number(value) -> str:
    """1234567.5 -> "1.234.567,5" in Vietnamese (the active language's separators), no useless zeros."""
    if value is None:
        return "0"
    if isinstance(value, Decimal):
        value = value.normalize()
        places = max(0, -value.as_tuple().exponent)
        if places == 0:
            value = value.quantize(Decimal(1))
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


def percent(part, whole) -> int:
    return round(100 * part / whole) if whole else 0


def _is_staff(user):
    return user.is_superuser or user.role in STAFF_ROLES


def period_counts(periods, user) -> dict[int, dict]:
    """{period id: {"targeted", "on_time", "late", "missing", ...}} for the enterprises in the user's
    scope; two queries per schedule among ``periods``, whatever the number of enterprises."""
    by_schedule = {}
    for period in periods:
        by_schedule.setdefault(period.schedule_id, (period.schedule, []))[1].append(period)
    result = {}
    for schedule, schedule_periods in by_schedule.values():
        targets = targeted_enterprises(schedule, user)
        targeted = targets.count()
        rows = _per_period_rows(schedule_periods, targets)
        for period in schedule_periods:
            row = rows.get(period.pk, {"on_time": 0, "total": 0})
            on_time, submitted = row["on_time"], row["total"]
            result[period.pk] = _stats(targeted, on_time, submitted - on_time)
    return result


def _per_period_rows(periods, targets):
    """Submitted and on-time counts per period in one query (each period has its own deadline)."""
    on_time = Q()
    for period in periods:
        on_time |= Q(period=period, submitted_at__lte=period.due_at)
    return {row["period"]: row for row in (
        Submission.objects.filter(period__in=periods, status=SubmissionStatus.SUBMITTED, enterprise__in=targets)
        .values("period").annotate(on_time=Count("pk", filter=on_time), total=Count("pk"))
    )}


def _stats(targeted, on_time, late):
    missing = max(0, targeted - on_time - late)
    return {
        "targeted": targeted, "on_time": on_time, "late": late, "missing": missing,
        "submitted": on_time + late,
        "on_time_pct": percent(on_time, targeted), "late_pct": percent(late, targeted),
        "missing_pct": max(0, 100 - percent(on_time, targeted) - percent(late, targeted)) if targeted else 0,
        "done_pct": percent(on_time + late, targeted),
    }


def _visible_periods(user):
    queryset = Period.objects.restrict(user, Action.VIEW).select_related("schedule__template")
    if user.role == Role.ENTERPRISE and not user.is_superuser:
        queryset = queryset.filter(schedule__in=visible_schedules(Schedule.objects.restrict(user, Action.VIEW), user))
    return queryset


class PeriodListView(LoginRequiredMixin, View):
    """The periods of the schedules the user may see, newest first, with on time / late / missing."""

    template_name = "reporting/overview/period_list.html"

    def get(self, request):
        user = request.user
        if not role_allows(user, Period, Action.VIEW):
            raise Http404
        filterset = PeriodFilterSet(request.GET, queryset=_visible_periods(user), request=request)
        queryset = filterset.qs if filterset.is_valid() else Period.objects.none()
        queryset = queryset.order_by("-start", "schedule__name", "pk")
        page = Paginator(queryset, 25).get_page(request.GET.get("page"))
        periods = list(page.object_list)
        counts = period_counts(periods, user)
        rows = [{"period": period, "stats": counts[period.pk]} for period in periods]
        return render(request, self.template_name, {
            "filterset": filterset, "rows": rows, "page": page, "can_open": _is_staff(user),
        })


def _submission_url(submission):
    """The submission's page: the report page of its period and enterprise, which shows the
    submitted figures and every revision."""
    return reverse("reporting:report_fill", args=[submission.period_id, submission.enterprise_id])


def _cells(node, columns):
    totals = node.get("totals", {})
    return [vn_number(totals.get(column["code"], 0)) for column in columns]


def _board_view(data, columns):
    departments = []
    for department in data["departments"]:
        departments.append({
            "department": department["department"], "submissions": department["submissions"],
            "cells": _cells(department, columns),
            "zones": [{"zone": zone["zone"], "submissions": zone["submissions"], "cells": _cells(zone, columns)}
                      for zone in department["zones"]],
        })
    if data["unassigned"]:
        departments.append({
            "department": None, "submissions": sum(zone["submissions"] for zone in data["unassigned"]),
            "cells": None,
            "zones": [{"zone": zone["zone"], "submissions": zone["submissions"], "cells": _cells(zone, columns)}
                      for zone in data["unassigned"]],
        })
    return {"submissions": data["submissions"], "cells": _cells(data, columns), "departments": departments}


def _department_view(data, columns):
    zones = []
    for zone in data["zones"]:
        zones.append({
            "zone": zone["zone"], "submissions": zone["submissions"], "cells": _cells(zone, columns),
            "enterprises": [{"enterprise": row["enterprise"], "submission": row["submission"],
                             "url": _submission_url(row["submission"]), "cells": _cells(row, columns)}
                            for row in zone["enterprises"]],
        })
    return {"submissions": data["submissions"], "cells": _cells(data, columns), "zones": zones}


def missing_columns():
    return [
        ExportColumn(_("Mã số thuế"), lambda e: e.tax_code),
        ExportColumn(_("Tên doanh nghiệp"), lambda e: e.name),
        ExportColumn(_("Khu công nghiệp"), lambda e: e.zone.name),
        ExportColumn(_("Người đại diện theo pháp luật"), lambda e: e.legal_representative),
        ExportColumn(_("Điện thoại"), lambda e: e.phone),
        ExportColumn(_("Thư điện tử"), lambda e: e.email),
        ExportColumn(_("Zalo"), lambda e: e.zalo),
        ExportColumn(_("Địa chỉ"), lambda e: e.address),
    ]


class PeriodDetailView(LoginRequiredMixin, View):
    template_name = "reporting/overview/period_detail.html"

    def get(self, request, pk):
        user = request.user
        if not _is_staff(user) or not role_allows(user, Period, Action.VIEW):
            raise Http404
        period = get_object_or_404(
            Period.objects.restrict(user, Action.VIEW).select_related("schedule__template", "schedule__board"), pk=pk)
        completeness = period_completeness(period, user)
        zones = {enterprise.zone_id: enterprise.zone for enterprise in completeness.missing}
        zone_id = request.GET.get("zone") or ""
        missing = completeness.missing
        if zone_id.isdigit() and int(zone_id) in zones:
            missing = [enterprise for enterprise in missing if enterprise.zone_id == int(zone_id)]
        else:
            zone_id = ""
        export = request.GET.get("export")
        if export in ("xlsx", "csv"):
            if not role_allows(user, Period, Action.EXPORT):
                raise Http404
            return export_response(export, missing_columns(), missing, f"danh-sach-chua-nop-{period.pk}",
                                   _("Danh sách chưa nộp"))
        stats = _stats(completeness.targeted, completeness.on_time, completeness.late)
        level = reporting_level(user, period.schedule.board_id)
        department, sees_board = level.department, level.sees_board
        board = board_totals(period, period.schedule.board) if sees_board else None
        columns = board["columns"] if board else field_columns(period.schedule.template_id)
        context = {
            "period": period, "schedule": period.schedule, "stats": stats, "missing": missing,
            "missing_total": len(completeness.missing),
            "zones": sorted(zones.values(), key=lambda zone: zone.code), "zone_id": zone_id,
            "can_export": role_allows(user, Period, Action.EXPORT), "columns": columns,
            "can_bulk_upload": role_allows(user, Submission, Action.IMPORT) and not period.is_locked,
            "department": department,
            "department_totals": _department_view(department_totals(period, department), columns)
            if department else None,
            "board_totals": _board_view(board, columns) if board else None,
            "is_past_due": timezone.now() > period.due_at,
            "chain": chain_of(period, user),
        }
        return render(request, self.template_name, context)


class _ApprovalActionView(LoginRequiredMixin, View):
    """POST level (department, board, leader), department (for the department level) and
    comment; the service decides who may. Not allowed or out of scope is 404; a refusal with a
    reason (not ready yet, already approved) comes back as a message on the period page."""

    def action(self, *, user, period, level, department, comment):
        raise NotImplementedError

    def post(self, request, pk):
        user = request.user
        period = Period.objects.restrict(user, Action.VIEW).filter(pk=pk).first()
        level = request.POST.get("level", "")
        if period is None or not _is_staff(user) or level not in ApprovalLevel.values:
            raise Http404
        department = None
        if level == ApprovalLevel.DEPARTMENT:
            department_id = request.POST.get("department", "")
            department = (Department.objects.filter(pk=department_id, board_id=period.schedule.board_id).first()
                          if department_id.isdigit() else None)
            if department is None:
                raise Http404
        try:
            self.action(user=user, period=period, level=level, department=department,
                        comment=request.POST.get("comment", ""))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, self.done)
        return redirect(reverse("reporting:period_detail", args=[period.pk]) + "#approval")


class PeriodApproveView(_ApprovalActionView):
    done = gettext_lazy("Đã duyệt.")

    def action(self, **kwargs):
        services.approval_approve(**kwargs)


class PeriodReturnView(_ApprovalActionView):
    done = gettext_lazy("Đã trả lại (mở lại) báo cáo.")

    def action(self, **kwargs):
        services.approval_return(**kwargs)


# --- Home panel -------------------------------------------------------------------------------


def today_completeness(user) -> list[dict]:
    """Today's period of each active daily schedule the user sees, with its counts in the user's
    scope. Reads only: a period not yet opened by the scheduler is simply not shown."""
    today = timezone.localdate()
    periods = list(Period.objects.restrict(user, Action.VIEW)
                   .filter(schedule__in=Schedule.objects.restrict(user, Action.VIEW)
                           .filter(frequency=Frequency.DAILY, is_active=True),
                           start__lte=today, end__gte=today)
                   .select_related("schedule").order_by("schedule__name", "pk"))
    counts = period_counts(periods, user)
    return [{"period": period, "stats": counts[period.pk]} for period in periods]
