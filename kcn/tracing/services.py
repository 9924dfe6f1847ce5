"""Writes of tracing: record a case, propose its contacts, confirm or reject them, follow each
person's status, close a case, publish a new version of the rules.

Every function is keyword-only and transactional: a refused write leaves nothing behind, and the
rows it changes are re-read under lock through ``restrict(user, action)``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.importers import bulk_insert_with_history
from kcn.core.permissions import role_allows
from kcn.registry.models import EnterpriseUser, Staff, ZoneAssignment
from kcn.workers.models import Worker

from .choices import CaseStatus, Decision, PersonStatus
from .models import Case, Contact, StatusChange, TracingRule
from .proposal import Seed, link_text, trace
from .scope import may_decide, tracing_q

CONTACT_FIELDS = ("case_id", "enterprise_id", "worker_id", "generation", "source_id", "source_worker_id", "link",
                  "rule_id")
#: How far the symptom onset may lie from the positive test, either way.
ONSET_MAX_DAYS = 14


def _audit(obj, user, reason=""):
    obj._history_user = user
    if reason:
        with translation.override(settings.LANGUAGE_CODE):
            obj._change_reason = str(reason)


# --- Rules


def rule_publish(*, user, data: dict) -> TracingRule:
    """A new version of the rules; earlier versions stay as they were, for the contacts they named."""
    if not role_allows(user, TracingRule, Action.ADD):
        raise PermissionDenied
    with transaction.atomic():
        latest = TracingRule.objects.aggregate(latest=Max("version"))["latest"] or 0
        rule = TracingRule(version=latest + 1, valid_from=data.get("valid_from") or timezone.localdate(),
                           groups=data.get("groups"), days_before=data.get("days_before", 2),
                           generations=data.get("generations", 3), note=data.get("note", ""))
        rule.full_clean()
        _audit(rule, user)
        try:
            with transaction.atomic():
                rule.save()
        except IntegrityError as error:
            raise ValidationError(_("Một phiên bản khác vừa được công bố cùng lúc; hãy thử lại.")) from error
    return rule


# --- Cases


def _find_worker(user, identity_number, enterprise):
    identity_number = (identity_number or "").strip()
    if not (len(identity_number) == 12 and identity_number.isdigit()):
        raise ValidationError({"identity_number": _("Số CCCD phải gồm đúng 12 chữ số.")})
    workers = Worker.objects.filter(identity_number=identity_number).select_related("enterprise__zone")
    condition = tracing_q(user, Action.ADD)
    if condition is not None:
        workers = workers.filter(condition)
    if enterprise is not None:
        workers = workers.filter(enterprise=enterprise)
    workers = list(workers[:3])
    if not workers:
        raise ValidationError({"identity_number": _(
            "Không có người lao động nào mang số CCCD này trong danh sách lao động của các doanh nghiệp "
            "bạn theo dõi. Hãy kiểm tra lại số CCCD, hoặc bổ sung người này vào danh sách lao động trước."
        )})
    if len(workers) > 1:
        raise ValidationError({"enterprise": _(
            "Số CCCD này có trong danh sách lao động của nhiều doanh nghiệp; hãy chọn doanh nghiệp."
        )})
    return workers[0]


def _check_dates(*, positive_test_date, symptom_onset, isolated_on, today):
    errors = {}
    if positive_test_date is None:
        errors["positive_test_date"] = _("Hãy nhập ngày xét nghiệm dương tính.")
    elif positive_test_date > today:
        errors["positive_test_date"] = _("Ngày xét nghiệm dương tính không thể ở tương lai.")
    if symptom_onset is not None:
        if symptom_onset > today:
            errors["symptom_onset"] = _("Ngày khởi phát triệu chứng không thể ở tương lai.")
        elif positive_test_date is not None:
            gap = (symptom_onset - positive_test_date).days
            if gap > ONSET_MAX_DAYS:
                errors["symptom_onset"] = _(
                    "Ngày khởi phát muộn hơn ngày xét nghiệm dương tính quá %(days)s ngày; hãy kiểm tra lại."
                ) % {"days": ONSET_MAX_DAYS}
            elif gap < -ONSET_MAX_DAYS:
                errors["symptom_onset"] = _(
                    "Ngày khởi phát sớm hơn ngày xét nghiệm dương tính quá %(days)s ngày; hãy kiểm tra lại."
                ) % {"days": ONSET_MAX_DAYS}
    if isolated_on is not None:
        if isolated_on > today:
            errors["isolated_on"] = _("Ngày cách ly không thể ở tương lai.")
        elif positive_test_date is not None and isolated_on < positive_test_date - datetime.timedelta(
                days=ONSET_MAX_DAYS):
            errors["isolated_on"] = _("Ngày cách ly sớm hơn ngày xét nghiệm dương tính quá %(days)s ngày.") % {
                "days": ONSET_MAX_DAYS}
    if errors:
        raise ValidationError(errors)


def case_record(*, user, identity_number: str, positive_test_date: datetime.date,
                symptom_onset: datetime.date | None = None, isolated_on: datetime.date | None = None,
                isolation_place: str = "", notes: str = "", enterprise=None, source_contact=None,
                propose: bool = True) -> Case:
    """Record an F0 found by identity number among the workers the user may record for, notify
    the board's leaders, the consolidating department, the monitoring department and the
    enterprise, and propose the contacts (unless ``propose`` is False)."""
    if not role_allows(user, Case, Action.ADD):
        raise PermissionDenied
    today = timezone.localdate()
    with transaction.atomic():
        worker = _find_worker(user, identity_number, enterprise)
        _check_dates(positive_test_date=positive_test_date, symptom_onset=symptom_onset, isolated_on=isolated_on,
                     today=today)
        rule = TracingRule.current(today)
        if rule is None:
            raise ValidationError(_("Chưa có quy tắc truy vết nào có hiệu lực; hãy báo quản trị hệ thống."))
        if Case.objects.filter(identity_number=worker.identity_number, status=CaseStatus.OPEN).exists():
            raise ValidationError({"identity_number": _(
                "Người này đang là một ca bệnh chưa kết thúc; không ghi nhận thêm ca thứ hai."
            )})
        case = Case(enterprise=worker.enterprise, worker=worker, identity_number=worker.identity_number,
                    positive_test_date=positive_test_date, symptom_onset=symptom_onset, isolated_on=isolated_on,
                    isolation_place=isolation_place or "", notes=notes or "", rule=rule, recorded_by=user,
                    source_contact=source_contact)
        case.full_clean(exclude=["identity_number"], validate_constraints=False)
        _audit(case, user)
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError as error:
            # Two people recorded the same person at the same moment: the second is refused.
            raise ValidationError({"identity_number": _(
                "Người này đang là một ca bệnh chưa kết thúc; không ghi nhận thêm ca thứ hai."
            )}) from error
        _notify_case(case)
        if propose:
            contacts_propose(user=user, cases=[case])
            case.refresh_from_db()
    return case


def case_recipients(case) -> list:
    """Who hears of a new F0: the board's leaders, the consolidating department, the department
    monitoring the zone and the enterprise's own users (plan 16: "báo ngay với Lãnh đạo Ban và
    Phòng Quản lý doanh nghiệp")."""
    zone = case.enterprise.zone
    monitoring = set(ZoneAssignment.objects.current().filter(zone=zone).values_list("department_id", flat=True))
    staff = Staff.objects.filter(board_id=zone.board_id, user__is_active=True).select_related("user", "department")
    recipients = []
    for member in staff.order_by("pk"):
        department = member.department
        if department is None:
            if member.user.role == Role.BOARD_LEADER:
                recipients.append(member.user)
        elif department.consolidates or department.pk in monitoring:
            recipients.append(member.user)
    links = EnterpriseUser.objects.filter(enterprise=case.enterprise, user__is_active=True).select_related("user")
    recipients.extend(link.user for link in links)
    return list(dict.fromkeys(recipients))


def _notify_case(case):
    from kcn.communications.services import notify

    title = _("Ca bệnh mới (F0) tại %(enterprise)s") % {"enterprise": case.enterprise.name}
    body = _("Ngày xét nghiệm dương tính %(date)s. KCN đã đề xuất danh sách tiếp xúc gần để xác nhận.") % {
        "date": case.positive_test_date.strftime("%d/%m/%Y")}
    notify(recipients=case_recipients(case), title=title, body=body, url=case.get_absolute_url())


def case_release(*, user, case: Case, on: datetime.date) -> Case:
    """Close a case (the person recovered and ended isolation)."""
    with transaction.atomic():
        current = _locked(Case, user, case.pk)
        if current.status == CaseStatus.RELEASED:
            raise ValidationError(_("Ca bệnh này đã kết thúc."))
        if on is None or on > timezone.localdate():
            raise ValidationError({"released_on": _("Ngày kết thúc không thể ở tương lai.")})
        if on < current.positive_test_date:
            raise ValidationError({"released_on": _("Ngày kết thúc không thể trước ngày xét nghiệm dương tính.")})
        current.status, current.released_on = CaseStatus.RELEASED, on
        _audit(current, user)
        current.save(update_fields=["status", "released_on", "updated_at"])
    return current


def _locked(model, user, pk, action=Action.CHANGE):
    if not role_allows(user, model, action):
        raise PermissionDenied
    row = model.objects.restrict(user, action).filter(pk=pk).order_by().select_for_update(of=("self",)).first()
    if row is None:
        raise PermissionDenied
    return row


# --- Proposal


def contacts_propose(*, user, cases) -> int:
    """Propose the contacts of ``cases`` under the rule in force today, all generations at once.

    Contacts already proposed for a case keep their generation, decision and rule version; a
    later run (after the worker list changed, or under a new rule) adds only the people not yet
    named. Returns how many contacts were added.
    """
    if not role_allows(user, Contact, Action.ADD):
        raise PermissionDenied
    rule = TracingRule.current()
    if rule is None:
        raise ValidationError(_("Chưa có quy tắc truy vết nào có hiệu lực; hãy báo quản trị hệ thống."))
    with transaction.atomic():
        ids = [case.pk for case in cases]
        locked = list(Case.objects.restrict(user, Action.CHANGE).filter(pk__in=ids).order_by("pk")
                      .select_for_update(of=("self",)))
        if len(locked) != len(set(ids)):
            raise PermissionDenied
        seeds = []
        for case in locked:
            case.rule = rule
            seeds.append(Seed(case.pk, case.worker_id, case.window_start, rule.group_list(), rule.generations))
        proposals = trace(seeds)
        existing = {}
        for case_id, worker_id, contact_id in Contact.objects.filter(case_id__in=ids).values_list(
                "case_id", "worker_id", "pk"):
            existing[(case_id, worker_id)] = contact_id
        groups = rule.group_list()
        added = 0
        now = timezone.now()
        for case in locked:
            f0 = case.worker_id
            # Parents before children: a generation is written before the next one refers to it.
            by_generation = {}
            for proposed in proposals.proposals(case.pk):
                by_generation.setdefault(proposed.generation, []).append(proposed)
            for generation in sorted(by_generation):
                rows, labels = [], {}
                for proposed in by_generation[generation]:
                    if (case.pk, proposed.worker_id) in existing:
                        continue
                    source = None if proposed.source_worker_id == f0 else existing.get(
                        (case.pk, proposed.source_worker_id))
                    label_key = (proposed.group_index, proposed.values)
                    if label_key not in labels:
                        labels[label_key] = link_text(groups[proposed.group_index][0], proposed.values)[:255]
                    rows.append((case.pk, proposed.enterprise_id, proposed.worker_id, generation, source,
                                 proposed.source_worker_id, labels[label_key], rule.pk))
                if not rows:
                    continue
                # COPY on PostgreSQL (ids from the sequence, history rows alongside), bulk insert elsewhere.
                ids = bulk_insert_with_history(model=Contact, fields=CONTACT_FIELDS, rows=rows, user=user,
                                               reason=_("Đề xuất người tiếp xúc gần"))
                for row, pk in zip(rows, ids, strict=True):
                    existing[(case.pk, row[2])] = pk
                added += len(rows)
            case.proposed_at = now
            _audit(case, user, _("Đề xuất người tiếp xúc gần"))
            case.save(update_fields=["rule", "proposed_at", "updated_at"])
    return added


def contact_add(*, user, case: Case, identity_number: str, link: str, source_identity_number: str = "",
                enterprise=None) -> Contact:
    """Add a close contact the workplace structure did not propose (a meal together, a shared
    motorbike), found by identity number among the workers the user may trace. Traced from the
    F0, or from a contact of the case named by ``source_identity_number`` (one generation
    further). An officer's addition is confirmed at once; the enterprise's waits for an officer.
    """
    if not role_allows(user, Contact, Action.ADD):
        raise PermissionDenied
    link = " ".join((link or "").split())
    with transaction.atomic():
        case = _locked(Case, user, case.pk)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("Ca bệnh đã kết thúc; không bổ sung người tiếp xúc."))
        if not link:
            raise ValidationError({"link": _("Hãy ghi hoàn cảnh tiếp xúc (ví dụ: ăn trưa cùng bàn ngày 20/11).")})
        worker = _find_worker(user, identity_number, enterprise)
        if worker.pk == case.worker_id:
            raise ValidationError({"identity_number": _("Đây là chính người bệnh (F0) của ca này.")})
        named = Contact.objects.filter(case=case, worker=worker).first()
        if named is not None:
            raise ValidationError({"identity_number": _(
                "%(person)s đã có trong danh sách tiếp xúc của ca này (F%(generation)s)."
            ) % {"person": worker.full_name, "generation": named.generation}})
        source, source_worker, generation = None, case.worker, 1
        wanted = (source_identity_number or "").strip()
        if wanted and wanted != case.identity_number:
            source = (Contact.objects.filter(case=case, worker__identity_number=wanted)
                      .exclude(decision=Decision.REJECTED).select_related("worker").first())
            if source is None:
                raise ValidationError({"source_identity_number": _(
                    "Người có số CCCD này không phải F0 hay người tiếp xúc (chưa bị loại) của ca này."
                )})
            source_worker, generation = source.worker, source.generation + 1
            if generation > 3:
                raise ValidationError({"source_identity_number": _(
                    "Chỉ truy vết đến F3: không bổ sung người tiếp xúc của một F3."
                )})
        officer = may_decide(user)
        contact = Contact(case=case, enterprise=worker.enterprise, worker=worker, generation=generation,
                          source=source, source_worker=source_worker, link=link[:255], rule=case.rule,
                          decision=Decision.CONFIRMED if officer else Decision.PROPOSED,
                          decided_by=user if officer else None, decided_at=timezone.now() if officer else None)
        _audit(contact, user, _("Bổ sung người tiếp xúc"))
        contact.save()
    return contact


# --- Decisions and statuses


def contacts_decide(*, user, contact_ids, decision: str) -> int:
    """Confirm or reject contacts (one or many, all or nothing).

    Contacts are proposed for every generation at once so an officer sees the whole chain while
    the outbreak is young, but an F2 only counts through a confirmed F1: confirming a contact
    needs its source confirmed first (or in the same batch), and rejecting one withdraws the
    proposed (not yet confirmed) contacts traced only through it.
    """
    if decision not in (Decision.CONFIRMED, Decision.REJECTED):
        raise ValidationError(_("Quyết định không hợp lệ."))
    if not may_decide(user) or not role_allows(user, Contact, Action.CHANGE):
        raise PermissionDenied
    ids = sorted({int(pk) for pk in contact_ids})
    if not ids:
        raise ValidationError(_("Hãy chọn ít nhất một người tiếp xúc."))
    now = timezone.now()
    with transaction.atomic():
        contacts = list(Contact.objects.restrict(user, Action.CHANGE).filter(pk__in=ids)
                        .order_by("generation", "pk").select_for_update(of=("self",)).select_related("worker"))
        if len(contacts) != len(ids):
            raise PermissionDenied
        chosen = {contact.pk for contact in contacts}
        sources = {c.source_id for c in contacts if c.source_id and c.source_id not in chosen}
        source_decisions = dict(Contact.objects.filter(pk__in=sources).values_list("pk", "decision"))
        changed = 0
        for contact in contacts:
            if decision == Decision.CONFIRMED and contact.source_id:
                source_ok = (contact.source_id in chosen) or source_decisions.get(contact.source_id) == \
                    Decision.CONFIRMED
                if not source_ok:
                    raise ValidationError(_(
                        "%(person)s được truy từ một người chưa được xác nhận là tiếp xúc gần; "
                        "hãy xác nhận người đó trước."
                    ) % {"person": contact.worker.full_name})
            if contact.decision == decision:
                continue
            contact.decision, contact.decided_by, contact.decided_at = decision, user, now
            _audit(contact, user)
            contact.save(update_fields=["decision", "decided_by", "decided_at", "updated_at"])
            changed += 1
        if decision == Decision.REJECTED:
            changed += _withdraw_descendants(user, chosen, now)
    return changed


def _withdraw_descendants(user, rejected_ids, now) -> int:
    count, frontier = 0, set(rejected_ids)
    while frontier:
        children = list(Contact.objects.filter(source_id__in=frontier, decision=Decision.PROPOSED)
                        .values_list("pk", flat=True))
        if children:
            count += Contact.objects.filter(pk__in=children).update(decision=Decision.REJECTED, decided_by=user,
                                                                    decided_at=now, updated_at=now)
        frontier = set(children)
    return count


def contact_set_status(*, user, contact: Contact, status: str, on: datetime.date, note: str = "",
                       version: str = "") -> Contact:
    """Record a dated step of a confirmed contact's status. Positive makes the person a case (an
    F0 of the chain), recorded and traced like any other."""
    if status not in PersonStatus.values or not status:
        raise ValidationError({"status": _("Hãy chọn tình trạng.")})
    with transaction.atomic():
        current = _locked(Contact, user, contact.pk)
        if version and version != current.updated_at.isoformat():
            raise ValidationError(_(
                "Người này vừa được người khác cập nhật sau khi bạn mở trang. Hãy tải lại trang rồi cập nhật lại."
            ))
        if current.decision != Decision.CONFIRMED:
            raise ValidationError(_("Chỉ cập nhật tình trạng của người đã được xác nhận là tiếp xúc gần."))
        if on is None or on > timezone.localdate():
            raise ValidationError({"on": _("Ngày cập nhật không thể ở tương lai.")})
        if current.status_on and on < current.status_on:
            raise ValidationError({"on": _("Ngày cập nhật không thể trước lần cập nhật trước (%(date)s).") % {
                "date": current.status_on.strftime("%d/%m/%Y")}})
        if current.status == PersonStatus.POSITIVE:
            raise ValidationError(_("Người này đã dương tính và được theo dõi như một ca bệnh."))
        change = StatusChange(contact=current, status=status, on=on, note=note or "", recorded_by=user)
        change.full_clean()
        _audit(change, user)
        change.save()
        current.status, current.status_on = status, on
        _audit(current, user)
        current.save(update_fields=["status", "status_on", "updated_at"])
        if status == PersonStatus.POSITIVE:
            case_record(user=user, identity_number=current.worker.identity_number, enterprise=current.enterprise,
                        positive_test_date=on, notes=note, source_contact=current)
    return current
