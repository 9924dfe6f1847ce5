"""Writes of inspections. Views, serializers, the demo and the periodic task all come through here.

Every write is one transaction that locks the inspection (or the action), re-checks the user's
scope on it, refuses a stale version, validates, and sends notifications only after commit.
A finalised inspection is read-only; afterwards only its corrective actions move.
"""

import datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.services import locked_in_scope, require_permission, version_token
from kcn.registry.models import Enterprise, EnterpriseUser

from .choices import ActionStatus, InspectionStatus, Outcome, Topic
from .constants import PHOTOS_PER_FINDING
from .images import processed_photo, validate_photo
from .models import (
    Checklist,
    ChecklistItem,
    CorrectiveAction,
    Finding,
    FindingPhoto,
    Inspection,
    InspectionResult,
)

# --- helpers


def _check_version(current, version):
    if version and version != version_token(current):
        raise ValidationError(_(
            "Bản ghi này vừa được người khác sửa sau khi bạn mở trang. "
            "Hãy tải lại trang để xem thay đổi của họ rồi sửa lại."
        ))


def _draft(inspection):
    if not inspection.is_draft:
        raise ValidationError(_("Biên bản đã hoàn tất nên không sửa được nữa."))


def _lock_draft(user, inspection, version=None):
    """The inspection, locked, if the user may change it and it is still a draft."""
    require_permission(user, Inspection, Action.CHANGE)
    current = locked_in_scope(Inspection, user, Action.CHANGE, inspection.pk)
    _check_version(current, version)
    _draft(current)
    return current


def _touch(inspection, user):
    """Bump the inspection's version: a change to its results, findings or actions is a change of
    it, so a form opened before is refused. Not a history row: the change itself has its own."""
    inspection.updated_at = timezone.now()
    Inspection.objects.filter(pk=inspection.pk).update(updated_at=inspection.updated_at)


def _check_date(date):
    if date and date > timezone.localdate():
        raise ValidationError({"date": _("Ngày kiểm tra không được sau ngày hôm nay.")})


def _enterprise_users(enterprise_id):
    return [link.user for link in EnterpriseUser.objects.filter(enterprise_id=enterprise_id, user__is_active=True)
            .select_related("user")]


def _notify_later(**kwargs):
    from kcn.communications.services import notify

    transaction.on_commit(partial(notify, **kwargs))


# --- checklists


def checklist_current(topic=Topic.EPIDEMIC):
    """The newest active checklist of a topic, offered by default for a new inspection."""
    return Checklist.objects.filter(topic=topic, is_active=True).order_by("-version", "-pk").first()


def checklist_new_version(*, user, checklist: Checklist, items: list[dict], name: str = "") -> Checklist:
    """A new version of ``checklist`` with ``items`` ([{group, code, text}]); the old one is retired.

    Versions are never edited in place: finalised inspections keep pointing at the items they
    were recorded against.
    """
    require_permission(user, Checklist, Action.ADD)
    if not items:
        raise ValidationError(_("Bảng kiểm phải có ít nhất một nội dung kiểm tra."))
    codes = [item["code"] for item in items]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Mã nội dung kiểm tra bị trùng trong bảng kiểm."))
    with transaction.atomic():
        latest = Checklist.objects.select_for_update().filter(code=checklist.code).aggregate(v=Max("version"))["v"]
        new = Checklist(topic=checklist.topic, code=checklist.code, version=(latest or 0) + 1,
                        name=name or checklist.name, description=checklist.description, is_active=True)
        new.full_clean()
        new._history_user = user
        new.save()
        for order, item in enumerate(items, start=1):
            row = ChecklistItem(checklist=new, order=order, group=item["group"], code=item["code"], text=item["text"])
            row.full_clean()
            row.save()
        Checklist.objects.filter(code=checklist.code).exclude(pk=new.pk).update(is_active=False)
    return new


# --- inspections


def inspection_create(*, user, data: dict) -> Inspection:
    """A draft inspection with one empty result per item of its checklist."""
    require_permission(user, Inspection, Action.ADD)
    data = dict(data)
    enterprise = data.get("enterprise")
    checklist = data.get("checklist") or checklist_current()
    if checklist is None:
        raise ValidationError({"checklist": _("Chưa có bảng kiểm nào đang dùng.")})
    _check_date(data.get("date"))
    with transaction.atomic():
        # The department monitoring the enterprise's zone (or a leader of its board), nobody else.
        if enterprise is None or not Enterprise.objects.restrict(user, Action.VIEW).filter(pk=enterprise.pk).exists():
            raise ValidationError({"enterprise": _(
                "Doanh nghiệp này không thuộc khu công nghiệp bạn được giao theo dõi.")})
        inspection = Inspection(
            enterprise=enterprise, checklist=checklist, date=data.get("date"),
            other_participants=data.get("other_participants", ""), conclusion=data.get("conclusion", ""),
            created_by=user,
        )
        inspection.full_clean()
        inspection._history_user = user
        inspection.save()
        inspectors = list(data.get("inspectors") or [])
        if user.role != Role.ADMIN and user not in inspectors:
            inspectors.insert(0, user)
        inspection.inspectors.set(inspectors)
        InspectionResult.objects.bulk_create(
            InspectionResult(inspection=inspection, item=item) for item in checklist.items.all()
        )
        if not Inspection.objects.restrict(user, Action.ADD).filter(pk=inspection.pk).exists():
            raise PermissionDenied
    return inspection


def inspection_update(*, user, instance: Inspection, data: dict) -> Inspection:
    """Change the header of a draft (date, inspectors, participants, conclusion).

    The enterprise and the checklist are fixed once the inspection exists: results and findings
    refer to them.
    """
    data = dict(data)
    with transaction.atomic():
        inspection = _lock_draft(user, instance, data.pop("_version", None))
        if "date" in data:
            _check_date(data["date"])
            inspection.date = data["date"]
        for name in ("other_participants", "conclusion"):
            if name in data:
                setattr(inspection, name, data[name] or "")
        inspection.full_clean()
        inspection._history_user = user
        inspection.save()
        if "inspectors" in data:
            inspection.inspectors.set(data["inspectors"] or [])
    return inspection


def inspection_record_results(*, user, inspection: Inspection, results: dict, version: str = "") -> Inspection:
    """Record outcomes: ``results`` maps an item id to (outcome, note)."""
    with transaction.atomic():
        inspection = _lock_draft(user, inspection, version)
        rows = {row.item_id: row for row in inspection.results.select_for_update()}
        valid = set(Outcome.values)
        errors = []
        for item_id, (outcome, note) in results.items():
            row = rows.get(int(item_id))
            if row is None:
                errors.append(_("Nội dung kiểm tra %(id)s không thuộc bảng kiểm của biên bản.") % {"id": item_id})
                continue
            if outcome not in valid:
                errors.append(_("Kết quả \"%(value)s\" không hợp lệ.") % {"value": outcome})
                continue
            row.outcome, row.note = outcome, (note or "").strip()[:500]
        if errors:
            raise ValidationError(errors)
        InspectionResult.objects.bulk_update(rows.values(), ["outcome", "note", "updated_at"])
        _touch(inspection, user)
    return inspection


def finding_add(*, user, inspection: Inspection, description: str, item=None, photos=(),
                action_description: str = "", due_date: datetime.date | None = None) -> Finding:
    """A finding with its photos and, optionally, the corrective action it calls for."""
    require_permission(user, Finding, Action.ADD)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Hãy mô tả tồn tại phát hiện.")})
    photos = list(photos or [])
    if len(photos) > PHOTOS_PER_FINDING:
        raise ValidationError({"photos": _("Mỗi tồn tại đính kèm tối đa %(n)s ảnh.") % {"n": PHOTOS_PER_FINDING}})
    photo_errors = []
    for photo in photos:
        try:
            validate_photo(photo)
        except ValidationError as error:
            photo_errors.extend(error.messages)
    if photo_errors:
        raise ValidationError({"photos": photo_errors})
    with transaction.atomic():
        inspection = _lock_draft(user, inspection)
        if item is not None and item.checklist_id != inspection.checklist_id:
            raise ValidationError({"item": _("Nội dung kiểm tra này không thuộc bảng kiểm của biên bản.")})
        finding = Finding(inspection=inspection, item=item, description=description)
        finding.full_clean()
        finding._history_user = user
        finding.save()
        for photo in photos:
            full, thumb = processed_photo(photo)
            stored = FindingPhoto(finding=finding, original_name=(getattr(photo, "name", "") or "")[:255])
            stored.image.save("photo.jpg", full, save=False)
            stored.thumbnail.save("thumb.jpg", thumb, save=False)
            stored._history_user = user
            stored.save()
        if (action_description or "").strip():
            _action_create(user, inspection, finding, action_description, due_date)
        _touch(inspection, user)
    return finding


def finding_delete(*, user, finding: Finding) -> None:
    with transaction.atomic():
        _lock_draft(user, finding.inspection)
        current = locked_in_scope(Finding, user, Action.CHANGE, finding.pk)
        current._history_user = user
        current.delete()


def action_delete(*, user, action: CorrectiveAction) -> None:
    """Withdraw a corrective action from a draft (once finalised, actions stay)."""
    with transaction.atomic():
        _lock_draft(user, action.inspection)
        current = locked_in_scope(CorrectiveAction, user, Action.CHANGE, action.pk)
        current._history_user = user
        current.delete()


def _action_create(user, inspection, finding, description, due_date):
    if due_date is None:
        raise ValidationError({"due_date": _("Hãy cho biết hạn khắc phục.")})
    if due_date < inspection.date:
        raise ValidationError({"due_date": _("Hạn khắc phục không được trước ngày kiểm tra.")})
    action = CorrectiveAction(inspection=inspection, finding=finding, enterprise_id=inspection.enterprise_id,
                              description=description.strip(), due_date=due_date)
    action.full_clean()
    action._history_user = user
    action.save()
    return action


def action_add(*, user, inspection: Inspection, description: str, due_date, finding=None) -> CorrectiveAction:
    """A corrective action for the inspected enterprise, while the inspection is a draft."""
    require_permission(user, CorrectiveAction, Action.ADD)
    if not (description or "").strip():
        raise ValidationError({"description": _("Hãy ghi biện pháp khắc phục.")})
    with transaction.atomic():
        inspection = _lock_draft(user, inspection)
        if finding is not None and finding.inspection_id != inspection.pk:
            raise ValidationError({"finding": _("Tồn tại này thuộc biên bản khác.")})
        action = _action_create(user, inspection, finding, description, due_date)
        _touch(inspection, user)
    return action


def inspection_finalise(*, user, inspection: Inspection, conclusion: str | None = None,
                        version: str = "") -> Inspection:
    """Close the record: every item answered, every failed item with a finding, a conclusion.

    From now on it is read-only; the enterprise's users are told, with a link to it.
    """
    with transaction.atomic():
        inspection = _lock_draft(user, inspection, version)
        if conclusion is not None:
            inspection.conclusion = conclusion.strip()
        errors = []
        pending = inspection.results.filter(outcome=Outcome.PENDING).count()
        if pending:
            errors.append(_("Còn %(n)s nội dung chưa đánh giá.") % {"n": pending})
        failed = set(inspection.results.filter(outcome=Outcome.FAIL).values_list("item_id", flat=True))
        with_finding = set(inspection.findings.filter(item__isnull=False).values_list("item_id", flat=True))
        if failed - with_finding:
            errors.append(_("Mỗi nội dung không đạt phải có ít nhất một tồn tại phát hiện."))
        if not inspection.conclusion:
            errors.append(_("Hãy ghi kết luận của đoàn kiểm tra."))
        if errors:
            raise ValidationError(errors)
        inspection.status = InspectionStatus.FINALISED
        inspection.finalised_at = timezone.now()
        inspection.finalised_by = user
        inspection._history_user = user
        inspection.save()
        actions = inspection.actions.count()
        body = _("Biên bản kiểm tra công tác phòng, chống dịch ngày %(date)s đã hoàn tất. Kết luận: %(c)s") % {
            "date": inspection.date.strftime("%d/%m/%Y"), "c": inspection.conclusion}
        if actions:
            body += "\n" + _("Doanh nghiệp có %(n)s biện pháp cần khắc phục.") % {"n": actions}
        _notify_later(recipients=_enterprise_users(inspection.enterprise_id),
                      title=_("Kết quả kiểm tra phòng, chống dịch tại %(name)s") % {"name": inspection.enterprise.name},
                      body=body, url=inspection.get_absolute_url())
    return inspection


# --- corrective actions


def action_report_fix(*, user, action: CorrectiveAction, note: str, photo=None) -> CorrectiveAction:
    """The enterprise says what it did; the officer then verifies."""
    require_permission(user, CorrectiveAction, Action.CHANGE)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Hãy mô tả việc đã khắc phục.")})
    if photo:
        try:
            validate_photo(photo)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from None
    with transaction.atomic():
        current = locked_in_scope(CorrectiveAction, user, Action.CHANGE, action.pk)
        if current.inspection.is_draft:
            raise PermissionDenied
        if current.status != ActionStatus.OPEN:
            raise ValidationError(_("Biện pháp này không còn ở trạng thái mở nên không báo cáo khắc phục được."))
        current.fix_note = note
        if photo:
            full, _thumb = processed_photo(photo)
            current.fix_photo.save("fix.jpg", full, save=False)
        current.status = ActionStatus.FIXED
        current.fixed_at = timezone.now()
        current.fixed_by = user
        current.full_clean()
        current._history_user = user
        current.save()
        if user.role == Role.ENTERPRISE:
            _notify_later(recipients=current.inspection.inspectors.filter(is_active=True),
                          title=_("%(name)s đã báo cáo khắc phục") % {"name": current.enterprise.name},
                          body=current.description, url=current.get_absolute_url())
    return current


def action_verify(*, user, action: CorrectiveAction, accepted: bool, note: str = "") -> CorrectiveAction:
    """The officer accepts the fix (đã xác nhận) or sends it back open with a reason."""
    require_permission(user, CorrectiveAction, Action.CHANGE)
    if user.role == Role.ENTERPRISE:
        raise PermissionDenied
    note = (note or "").strip()
    with transaction.atomic():
        current = locked_in_scope(CorrectiveAction, user, Action.CHANGE, action.pk)
        if current.status != ActionStatus.FIXED:
            raise ValidationError(_("Chỉ xác nhận được biện pháp doanh nghiệp đã báo cáo khắc phục."))
        if accepted:
            current.status = ActionStatus.VERIFIED
            current.verified_at = timezone.now()
            current.verified_by = user
        else:
            if not note:
                raise ValidationError({"note": _("Hãy ghi lý do chưa đạt để doanh nghiệp khắc phục tiếp.")})
            current.status = ActionStatus.OPEN
        current.verify_note = note
        current.full_clean()
        current._history_user = user
        current.save()
        title = (_("Biện pháp khắc phục đã được xác nhận") if accepted
                 else _("Biện pháp khắc phục chưa đạt, cần khắc phục tiếp"))
        _notify_later(recipients=_enterprise_users(current.enterprise_id), title=title,
                      body=f"{current.description}\n{note}".strip(), url=current.get_absolute_url())
    return current


def actions_remind(*, today: datetime.date | None = None) -> dict:
    """Tell enterprises of open actions due tomorrow and of overdue ones, each once.

    Called by the periodic task; running it again the same day sends nothing more.
    """
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    open_actions = CorrectiveAction.objects.filter(status=ActionStatus.OPEN,
                                                   inspection__status=InspectionStatus.FINALISED)
    sent = {"due": 0, "overdue": 0}
    with transaction.atomic():
        due = list(open_actions.filter(due_date=tomorrow, due_reminder_sent__isnull=True)
                   .select_for_update(of=("self",)).select_related("enterprise"))
        overdue = list(open_actions.filter(due_date__lt=today, overdue_reminder_sent__isnull=True)
                       .select_for_update(of=("self",)).select_related("enterprise"))
        for action in due:
            _notify_later(recipients=_enterprise_users(action.enterprise_id),
                          title=_("Ngày mai đến hạn khắc phục sau kiểm tra"),
                          body=_("%(text)s\nHạn khắc phục: %(date)s.") % {
                              "text": action.description, "date": action.due_date.strftime("%d/%m/%Y")},
                          url=reverse("inspections:action_detail", args=[action.pk]))
            sent["due"] += 1
        for action in overdue:
            _notify_later(recipients=_enterprise_users(action.enterprise_id),
                          title=_("Quá hạn khắc phục sau kiểm tra"),
                          body=_("%(text)s\nHạn khắc phục đã qua: %(date)s.") % {
                              "text": action.description, "date": action.due_date.strftime("%d/%m/%Y")},
                          url=reverse("inspections:action_detail", args=[action.pk]))
            sent["overdue"] += 1
        CorrectiveAction.objects.filter(pk__in=[a.pk for a in due]).update(due_reminder_sent=today)
        CorrectiveAction.objects.filter(pk__in=[a.pk for a in overdue]).update(overdue_reminder_sent=today)
    return sent
