"""Writes of health monitoring. Pages, the API and the importers all come through here.

Every write runs in one transaction, re-checks the user's scope inside it, and sends its
notifications only once it has committed (communications.notify hands delivery to the queue
on commit).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.communications.services import notify
from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.core.services import scoped_delete, scoped_save
from kcn.core.text import search_key
from kcn.registry.models import Board
from kcn.workers.models import Worker

from . import constants
from .models import (
    CommitmentAcknowledgement,
    CommitmentText,
    HealthDeclaration,
    HotlineCall,
    MonitoringRule,
    OutbreakArea,
    TravelDeclaration,
)
from .selectors import alert_recipients, current_rule, enterprises_without_acknowledgement


def _fmt(day):
    return day.strftime("%d/%m/%Y")


# --- Rules and outbreak areas


def rule_save(*, user, instance=None, data):
    return scoped_save(user=user, model=MonitoringRule, instance=instance, data=data)


def area_save(*, user, instance=None, data):
    """Declare or edit an outbreak area. Days left empty are taken from the board's rule in force
    on the area's first day; editing the days or dates recomputes its returnees' periods."""
    data = dict(data)
    commune = data.get("commune")
    if commune is not None and not data.get("province"):
        data["province"] = commune.province
    board = data.get("board") or (instance.board if instance else None)
    if board is not None and (data.get("quarantine_days") is None or data.get("self_isolation_days") is None):
        rule = current_rule(board, data.get("start_date") or timezone.localdate())
        if data.get("quarantine_days") is None:
            data["quarantine_days"] = rule.quarantine_days
        if data.get("self_isolation_days") is None:
            data["self_isolation_days"] = rule.self_isolation_days
    with transaction.atomic():
        area = scoped_save(user=user, model=OutbreakArea, instance=instance, data=data)
        if instance is not None:
            _recompute_periods(area)
    return area


def _recompute_periods(area):
    changed = []
    for declaration in area.travel_declarations.select_for_update():
        declaration.quarantine_days = area.quarantine_days
        declaration.self_isolation_days = area.self_isolation_days
        declaration.quarantine_end, declaration.isolation_end = TravelDeclaration.periods_for(
            declaration.return_date, area.quarantine_days, area.self_isolation_days)
        changed.append(declaration)
    TravelDeclaration.objects.bulk_update(
        changed, ["quarantine_days", "self_isolation_days", "quarantine_end", "isolation_end"], batch_size=500)


def area_delete(*, user, instance):
    scoped_delete(user=user, model=OutbreakArea, instance=instance)


# --- Travel declarations (returnees)


TRAVEL_FIELDS = ("worker", "area", "direction", "departure_date", "return_date", "means", "note", "_version")


def travel_check(*, worker, area, departure_date, return_date, today=None):
    """The reasons a declaration is wrong, as {field: message}; empty when it is right."""
    today = today or timezone.localdate()
    errors = {}
    if return_date and return_date > today:
        errors["return_date"] = _("Ngày về không được ở tương lai: chỉ khai báo người đã về.")
    if departure_date and return_date and departure_date > return_date:
        errors["departure_date"] = _("Ngày đi phải trước hoặc bằng ngày về.")
    if area is not None and return_date and "return_date" not in errors:
        if return_date < area.start_date:
            errors["return_date"] = _(
                "Ngày về %(day)s trước ngày %(area)s được công bố là vùng dịch (%(start)s): người này không "
                "phải người về từ vùng dịch."
            ) % {"day": _fmt(return_date), "area": area.place_name, "start": _fmt(area.start_date)}
        elif area.end_date and (departure_date or return_date) > area.end_date:
            errors["departure_date" if departure_date else "return_date"] = _(
                "%(area)s đã hết là vùng dịch từ sau ngày %(end)s: chuyến đi này không thuộc thời gian vùng dịch."
            ) % {"area": area.place_name, "end": _fmt(area.end_date)}
    if worker is not None and area is not None and worker.enterprise.zone.board_id != area.board_id:
        errors["area"] = _("Vùng dịch này do Ban quản lý khác công bố.")
    return errors


def travel_declare(*, user, instance=None, data):
    """Declare that a worker travelled to or came from an outbreak area (or correct a declaration)."""
    data = {key: value for key, value in data.items() if key in TRAVEL_FIELDS}
    worker, area = data.get("worker"), data.get("area")
    if worker is None or not Worker.objects.restrict(user, Action.VIEW).filter(pk=worker.pk).exists():
        raise ValidationError({"worker": _("Không tìm thấy người lao động này trong phạm vi của bạn.")})
    if area is None or not OutbreakArea.objects.restrict(user, Action.VIEW).filter(pk=area.pk).exists():
        raise ValidationError({"area": _("Không tìm thấy vùng dịch này.")})
    errors = travel_check(worker=worker, area=area, departure_date=data.get("departure_date"),
                          return_date=data.get("return_date"))
    if errors:
        raise ValidationError(errors)
    duplicate = TravelDeclaration.objects.filter(worker=worker, area=area, return_date=data["return_date"])
    if instance is not None:
        duplicate = duplicate.exclude(pk=instance.pk)
    if duplicate.exists():
        raise ValidationError(_("%(worker)s đã được khai báo về từ %(area)s ngày %(day)s.") % {
            "worker": worker.full_name, "area": area.place_name, "day": _fmt(data["return_date"])})
    data["enterprise"] = worker.enterprise
    data["quarantine_days"] = area.quarantine_days
    data["self_isolation_days"] = area.self_isolation_days
    data["quarantine_end"], data["isolation_end"] = TravelDeclaration.periods_for(
        data["return_date"], area.quarantine_days, area.self_isolation_days)
    if instance is None:
        data["declared_by"] = user
    return scoped_save(user=user, model=TravelDeclaration, instance=instance, data=data)


def travel_delete(*, user, instance):
    scoped_delete(user=user, model=TravelDeclaration, instance=instance)


# --- Daily health declarations


def _symptomatic(values):
    return bool(values.get("fever") or values.get("cough") or values.get("shortness_of_breath")
                or (values.get("other_symptoms") or "").strip())


def _normalise_health(values):
    values = dict(values)
    temperature = values.get("temperature")
    if temperature is not None and temperature >= constants.FEVER_FROM:
        # A measured fever is a fever, whether or not the box was ticked.
        values["fever"] = True
    values["other_symptoms"] = (values.get("other_symptoms") or "").strip()
    return values


HEALTH_FIELDS = ("fever", "cough", "shortness_of_breath", "temperature", "other_symptoms")


def _check_day(day):
    if day > timezone.localdate():
        raise ValidationError({"date": _("Không khai báo y tế cho ngày trong tương lai.")})


def health_declare(*, user, worker, date, **values):
    """Record one worker's health on one day; declaring again the same day updates the row."""
    return health_declare_many(user=user, enterprise=worker.enterprise, date=date,
                               entries=[{"worker": worker, **values}])["declarations"][0]


def health_declare_many(*, user, enterprise, date, entries, all_others_fine=False):
    """Declare several workers of one enterprise for one day, in one transaction.

    ``entries`` are dicts with ``worker`` and the symptom fields. With ``all_others_fine`` every
    other active worker of the enterprise without a declaration that day is declared well. A
    worker with a symptom raises one alert per day (to the enterprise's users and the staff of
    the department monitoring its zone), however often the day is declared again.
    """
    if not role_allows(user, HealthDeclaration, Action.ADD):
        raise PermissionDenied
    _check_day(date)
    workers_in_scope = Worker.objects.restrict(user, Action.VIEW).filter(enterprise=enterprise)
    ids = [entry["worker"].pk for entry in entries]
    allowed = set(workers_in_scope.filter(pk__in=ids).values_list("pk", flat=True))
    if len(allowed) != len(set(ids)):
        raise ValidationError(_("Có người lao động không thuộc doanh nghiệp này hoặc ngoài phạm vi của bạn."))
    if len(set(ids)) != len(ids):
        raise ValidationError(_("Một người lao động được khai báo hai lần trong cùng một lần gửi."))
    try:
        return _health_declare_many(user, enterprise, date, entries, all_others_fine, ids, workers_in_scope)
    except IntegrityError as error:
        # Someone declared one of these workers for this day at the same moment: nothing was
        # saved; the page shows their declaration once reloaded.
        raise ValidationError(_("Vừa có người khác khai báo cùng người lao động trong ngày này. Không có gì được "
                                "lưu; hãy tải lại trang rồi khai báo lại.")) from error


def _health_declare_many(user, enterprise, date, entries, all_others_fine, ids, workers_in_scope):
    alerts = []
    saved = []
    with transaction.atomic():
        existing = {d.worker_id: d for d in HealthDeclaration.objects.select_for_update()
                    .filter(worker_id__in=ids, date=date)}
        now = timezone.now()
        for entry in entries:
            values = _normalise_health({name: entry.get(name) for name in HEALTH_FIELDS})
            declaration = existing.get(entry["worker"].pk) or HealthDeclaration(
                enterprise=enterprise, worker=entry["worker"], date=date)
            for name in HEALTH_FIELDS:
                value = values.get(name)
                setattr(declaration, name, value if value is not None or name == "temperature" else False)
            declaration.symptomatic = _symptomatic(values)
            declaration.declared_by = user
            declaration.full_clean(exclude=["worker", "enterprise", "declared_by"], validate_unique=False)
            if declaration.symptomatic and declaration.alerted_at is None:
                declaration.alerted_at = now
                alerts.append(declaration)
            declaration.save()
            saved.append(declaration)
        created_fine = 0
        if all_others_fine:
            declared = HealthDeclaration.objects.filter(enterprise=enterprise, date=date).values("worker_id")
            others = (workers_in_scope.filter(left_on__isnull=True).exclude(pk__in=declared)
                      .values_list("pk", flat=True))
            rows = [HealthDeclaration(enterprise=enterprise, worker_id=pk, date=date, declared_by=user)
                    for pk in others.iterator(chunk_size=2000)]
            # "Fine" never overrides a declaration someone else saved meanwhile.
            HealthDeclaration.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
            created_fine = len(rows)
        for declaration in alerts:
            _alert_symptom(declaration)
    return {"declarations": saved, "fine": created_fine, "alerts": len(alerts)}


def _alert_symptom(declaration):
    worker = declaration.worker
    enterprise = declaration.enterprise
    recipients = alert_recipients(enterprise)
    if not recipients:
        return
    title = _("Có triệu chứng: %(worker)s (%(enterprise)s)") % {"worker": worker.full_name,
                                                                  "enterprise": enterprise.name}
    body = _("Ngày %(day)s, %(worker)s của %(enterprise)s khai báo: %(symptoms)s. Hãy liên hệ ngay cơ quan y tế "
             "để được hướng dẫn.") % {"day": _fmt(declaration.date), "worker": worker.full_name,
                                        "enterprise": enterprise.name,
                                        "symptoms": ", ".join(declaration.symptom_labels())}
    url = reverse("monitoring:health_list") + f"?date={declaration.date:%d/%m/%Y}&symptomatic=true"
    notify(recipients=recipients, title=title[:255], body=body, url=url)


# --- Commitments


def commitment_publish(*, user, data):
    """Publish a new version of the board's commitment text; enterprises must acknowledge it anew."""
    data = dict(data)
    board = data.get("board")
    if board is None:
        raise ValidationError({"board": _("Hãy chọn Ban quản lý.")})
    with transaction.atomic():
        # Lock the board so that two publications cannot take the same version number.
        Board.objects.select_for_update().filter(pk=board.pk).first()
        last = CommitmentText.objects.filter(board=board).aggregate(v=Max("version"))["v"] or 0
        data["version"] = last + 1
        data["published_by"] = user
        data.setdefault("published_on", timezone.localdate())
        text = scoped_save(user=user, model=CommitmentText, data=data)
        # notify() stores the notifications in this transaction and sends them once it commits.
        _announce_text(text)
    return text


def commitment_text_save(*, user, instance=None, data):
    """Correct a published text (a typo); a change of substance is a new version (commitment_publish)."""
    if instance is None:
        return commitment_publish(user=user, data=data)
    data = {key: value for key, value in data.items() if key in ("title", "body", "published_on", "_version")}
    return scoped_save(user=user, model=CommitmentText, instance=instance, data=data)


def _enterprise_users(enterprises):
    from kcn.registry.models import EnterpriseUser

    return list({link.user for link in EnterpriseUser.objects.filter(enterprise__in=enterprises, user__is_active=True)
                 .select_related("user")})


def _announce_text(text):
    from kcn.registry.models import Enterprise

    users = _enterprise_users(Enterprise.objects.filter(zone__board=text.board_id))
    if users:
        notify(recipients=users, title=_("Bản cam kết mới cần xác nhận: %(title)s") % {"title": text.title},
               body=_("Ban quản lý đã ban hành phiên bản %(version)s của bản cam kết phòng, chống dịch. "
                      "Doanh nghiệp hãy đọc và xác nhận.") % {"version": text.version},
               url=text.get_absolute_url())


def _check_scan(scan):
    if not scan:
        return
    name = getattr(scan, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in constants.SCAN_TYPES:
        raise ValidationError({"scan": _("Bản scan phải là tệp PDF, JPG hoặc PNG.")})
    if scan.size > constants.SCAN_MAX_BYTES:
        raise ValidationError({"scan": _("Bản scan quá lớn (tối đa %(mb)s MB).") % {
            "mb": constants.SCAN_MAX_BYTES // (1024 * 1024)}})
    scan.seek(0)
    head = scan.read(8)
    scan.seek(0)
    kind = constants.SCAN_TYPES[extension]
    looks = {"application/pdf": head.startswith(b"%PDF"), "image/png": head.startswith(b"\x89PNG\r\n\x1a\n"),
             "image/jpeg": head.startswith(b"\xff\xd8\xff")}[kind]
    if not looks:
        raise ValidationError({"scan": _("Nội dung tệp không phải %(kind)s như phần mở rộng “.%(ext)s” cho biết.")
                               % {"kind": extension.upper().replace("JPEG", "JPG"), "ext": extension}})


def commitment_acknowledge(*, user, text, data):
    """An enterprise acknowledges a commitment version: signer, position, date and optional scan.
    Acknowledging again replaces the earlier acknowledgement of the same version."""
    data = dict(data)
    enterprise = data.get("enterprise")
    if enterprise is None:
        raise ValidationError({"enterprise": _("Hãy chọn doanh nghiệp.")})
    if not CommitmentText.objects.restrict(user, Action.VIEW).filter(pk=text.pk).exists():
        raise PermissionDenied
    if enterprise.zone.board_id != text.board_id:
        raise ValidationError({"enterprise": _("Doanh nghiệp này không thuộc Ban quản lý đã ban hành bản cam kết.")})
    signed_on = data.get("signed_on")
    if signed_on and signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("Ngày ký không được ở tương lai.")})
    if signed_on and signed_on < text.published_on:
        raise ValidationError({"signed_on": _("Ngày ký phải từ ngày ban hành bản cam kết (%(day)s).") % {
            "day": _fmt(text.published_on)}})
    scan = data.get("scan")
    if scan:
        _check_scan(scan)
    else:
        data.pop("scan", None)
    data["text"] = text
    data["acknowledged_by"] = user
    data.pop("_version", None)
    try:
        with transaction.atomic():
            instance = (CommitmentAcknowledgement.objects.select_for_update()
                        .filter(text=text, enterprise=enterprise).first())
            return scoped_save(user=user, model=CommitmentAcknowledgement, instance=instance, data=data)
    except IntegrityError as error:
        raise ValidationError(_("Vừa có người khác xác nhận bản cam kết này cho doanh nghiệp. Hãy tải lại trang "
                                "để xem.")) from error


def commitment_remind(*, user, text, enterprises=None):
    """Remind the enterprises in the user's scope that have not acknowledged ``text``; how many."""
    pending = enterprises_without_acknowledgement(user, text)
    if enterprises is not None:
        pending = pending.filter(pk__in=[e.pk for e in enterprises])
    pending = list(pending)
    users = _enterprise_users(pending)
    if users:
        notify(recipients=users,
               title=_("Nhắc xác nhận bản cam kết: %(title)s") % {"title": text.title},
               body=_("Doanh nghiệp chưa xác nhận phiên bản %(version)s của bản cam kết phòng, chống dịch ban hành "
                      "ngày %(day)s. Hãy xác nhận trên KCN.") % {"version": text.version,
                                                                  "day": _fmt(text.published_on)},
               url=text.get_absolute_url())
    return len(pending)


# --- Hotline


def call_save(*, user, instance=None, data):
    data = dict(data)
    enterprise = data.get("enterprise")
    board = data.get("board") or (instance.board if instance else None)
    if enterprise is not None:
        from kcn.registry.models import Enterprise

        if not Enterprise.objects.restrict(user, Action.VIEW).filter(pk=enterprise.pk).exists():
            raise ValidationError({"enterprise": _("Không tìm thấy doanh nghiệp này trong phạm vi của bạn.")})
        if board is not None and enterprise.zone.board_id != board.pk:
            raise ValidationError({"enterprise": _("Doanh nghiệp này không thuộc Ban quản lý đã chọn.")})
    if instance is None:
        data.setdefault("handled_by", user)
    data.setdefault("called_at", timezone.now())
    call = _with_search_text(data)
    return scoped_save(user=user, model=HotlineCall, instance=instance, data=call)


def _with_search_text(data):
    enterprise = data.get("enterprise")
    data["search_text"] = search_key(data.get("caller_name"), data.get("caller_phone"), data.get("question"),
                                     data.get("answer"), enterprise.name if enterprise else "")
    return data


def default_return_window():
    """The earliest return day worth listing by default: monitoring rarely exceeds 60 days."""
    return timezone.localdate() - datetime.timedelta(days=60)
