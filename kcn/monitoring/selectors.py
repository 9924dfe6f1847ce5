"""Reads of health monitoring that pages and the API share; each takes the acting user's scope."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from kcn.core.choices import Action
from kcn.registry.models import Enterprise, EnterpriseUser, Staff, ZoneAssignment
from kcn.workers.models import Worker

from . import constants
from .models import CommitmentAcknowledgement, CommitmentText, HealthDeclaration, MonitoringRule, TravelDeclaration


class _DefaultRule:
    """The rule of a board that has recorded none yet."""

    quarantine_days = constants.DEFAULT_QUARANTINE_DAYS
    self_isolation_days = constants.DEFAULT_SELF_ISOLATION_DAYS
    valid_from = None
    basis = ""


def current_rule(board, on=None):
    """The board's rule in force on ``on`` (today), or the default one."""
    on = on or timezone.localdate()
    rule = MonitoringRule.objects.filter(board=board, valid_from__lte=on).order_by("-valid_from").first()
    return rule or _DefaultRule()


def returnees(user, action=Action.VIEW, on=None):
    """Travel declarations in the user's scope, with ``status_code`` for ``on``."""
    return (TravelDeclaration.objects.restrict(user, action).with_status(on)
            .select_related("worker", "enterprise", "enterprise__zone", "area__province", "area__commune"))


def alert_recipients(enterprise, on=None):
    """Who hears of a symptom in ``enterprise``: its users and the staff of the department
    monitoring its zone today, exactly those who may see the worker (personal_data_q)."""
    on = on or timezone.localdate()
    users = [link.user for link in EnterpriseUser.objects.filter(enterprise=enterprise, user__is_active=True)
             .select_related("user")]
    departments = (ZoneAssignment.objects.current(on).filter(zone_id=enterprise.zone_id)
                   .values_list("department_id", flat=True))
    users += [staff.user for staff in Staff.objects.filter(department_id__in=list(departments),
                                                             user__is_active=True).select_related("user")]
    return list(dict.fromkeys(users))


def enterprises_for_declaring(user):
    """Enterprises whose workers the user may declare for."""
    if not user.is_authenticated:
        return Enterprise.objects.none()
    ids = Worker.objects.restrict(user, Action.VIEW).values("enterprise_id")
    return Enterprise.objects.restrict(user, Action.VIEW).filter(pk__in=ids).select_related("zone")


def declaration_sheet(user, enterprise, day, search="", limit=50, offset=0):
    """The quick daily form of one enterprise: returnees in their monitoring period first, then
    the other active workers by name (``limit`` of them, filtered by ``search``).

    Returns (returnee rows, other rows, total of others); each row is (worker, declaration or None,
    travel declaration or None).
    """
    from kcn.core.text import search_key

    workers = Worker.objects.restrict(user, Action.VIEW).filter(enterprise=enterprise, left_on__isnull=True)
    travels = {}
    for travel in (TravelDeclaration.objects.restrict(user, Action.VIEW).filter(enterprise=enterprise)
                   .in_period(day).select_related("area__province", "area__commune").order_by("return_date")):
        travels.setdefault(travel.worker_id, travel)
    returnee_workers = list(workers.filter(pk__in=list(travels)).order_by("full_name", "pk"))
    others = workers.exclude(pk__in=list(travels))
    if search:
        key = search_key(search)
        others = others.filter(Q(search_text__contains=key) | Q(full_name__icontains=search)
                               | Q(identity_number__startswith=search))
    total = others.count()
    other_workers = list(others.order_by("full_name", "pk")[offset:offset + limit])
    shown = [w.pk for w in returnee_workers + other_workers]
    declarations = {d.worker_id: d for d in HealthDeclaration.objects.filter(worker_id__in=shown, date=day)}
    returnee_rows = [(w, declarations.get(w.pk), travels.get(w.pk)) for w in returnee_workers]
    other_rows = [(w, declarations.get(w.pk), None) for w in other_workers]
    return returnee_rows, other_rows, total


def day_summary(user, enterprise, day):
    """How far the enterprise's declaration of ``day`` has got."""
    active = Worker.objects.restrict(user, Action.VIEW).filter(enterprise=enterprise, left_on__isnull=True).count()
    declared = HealthDeclaration.objects.restrict(user, Action.VIEW).filter(enterprise=enterprise, date=day)
    return {"active": active, "declared": declared.count(), "symptomatic": declared.filter(symptomatic=True).count()}


def current_text(board):
    return CommitmentText.objects.filter(board=board).order_by("-version").first()


def enterprises_without_acknowledgement(user, text):
    """Enterprises of the text's board, in the user's scope, that have not acknowledged it."""
    acknowledged = CommitmentAcknowledgement.objects.filter(text=text, enterprise=OuterRef("pk"))
    return (Enterprise.objects.restrict(user, Action.VIEW).filter(zone__board_id=text.board_id)
            .exclude(Exists(acknowledged)).select_related("zone").order_by("zone__name", "name", "pk"))


def default_health_day():
    return timezone.localdate()


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)
