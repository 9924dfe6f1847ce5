"""Writes of outbreak levels, self-assessments, scenario plans and checklists.

Every function is keyword-only and transactional, checks the role and the scope of the row it
acts on inside its transaction, and notifies through communications' ``notify`` (whose deliveries
leave only after the commit).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kcn.accounts.models import User
from kcn.communications.services import notify
from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.registry.models import Enterprise, Zone, ZoneAssignment

from . import scope
from .choices import AssessmentStatus, DueUnit, Level, LevelSource, PlanDecision, PlanStatus, ZoneRule
from .models import (
    AssessmentAnswer,
    CaseThreshold,
    Checklist,
    ChecklistItem,
    CriteriaSet,
    Criterion,
    CriterionOption,
    EnterpriseLevel,
    PlanAction,
    ScenarioPlan,
    ScoreThreshold,
    SelfAssessment,
    ZoneLevel,
)
from .selectors import current_level_of, current_plan, current_zone_level_of

#: How long an enterprise has to write the plan of a level it reached without one.
PLAN_MISSING_DUE = datetime.timedelta(days=3)
MAX_PLAN_ACTIONS = 200


def _date(value):
    return formats.date_format(value, "d/m/Y")


def _level_label(level):
    return str(Level(level).label)


def enterprise_users(enterprise):
    return User.objects.filter(enterprise_links__enterprise=enterprise, is_active=True)


def department_users(zone, on=None):
    """The staff of the department monitoring the zone today."""
    departments = ZoneAssignment.objects.current(on).filter(zone=zone).values("department")
    return User.objects.filter(staff__department__in=departments, is_active=True)


def _check_level(level):
    if level not in Level.values:
        raise ValidationError({"level": _("Cấp độ phải là 1, 2, 3 hoặc 4.")})


def _check_effective_date(effective_date, current):
    today = timezone.localdate()
    if effective_date > today:
        raise ValidationError({"effective_date": _("Ngày áp dụng không được ở tương lai.")})
    if current is not None and effective_date < current.effective_date:
        raise ValidationError({"effective_date": _(
            "Ngày áp dụng không được trước ngày áp dụng của cấp độ hiện tại (%(date)s)."
        ) % {"date": _date(current.effective_date)}})


def _check_expected(current, expected_current):
    """Refuse a change decided on a level that someone else has changed since (lost update)."""
    if expected_current is None:
        return
    current_pk = current.pk if current else 0
    if int(expected_current or 0) != current_pk:
        raise ValidationError(_(
            "Cấp độ của đơn vị này vừa được người khác thay đổi sau khi bạn mở trang. "
            "Hãy tải lại trang để xem cấp độ hiện tại rồi quyết định lại."
        ))


# --- Enterprise levels


def enterprise_level_set(*, user, enterprise, level, effective_date=None, reason="", source=LevelSource.OFFICER,
                         assessment=None, expected_current=None) -> EnterpriseLevel:
    """Set an enterprise's level (a new history row); when it changes, the level's actions of the
    enterprise's current plan become its checklist, and its users are told."""
    if not role_allows(user, EnterpriseLevel, Action.ADD):
        raise PermissionDenied
    level = int(level) if str(level).isdigit() else level
    _check_level(level)
    effective_date = effective_date or timezone.localdate()
    with transaction.atomic():
        locked = (Enterprise.objects.select_for_update(of=("self",)).order_by()
                  .filter(pk=enterprise.pk).filter(scope.level_setter_q(user, "zone") or Q()).first())
        if locked is None:
            raise PermissionDenied
        enterprise = locked
        current = current_level_of(enterprise)
        _check_expected(current, expected_current)
        _check_effective_date(effective_date, current)
        if current is not None and current.level == level:
            raise ValidationError({"level": _("Doanh nghiệp đang ở %(level)s từ ngày %(date)s.") % {
                "level": _level_label(level), "date": _date(current.effective_date)}})
        row = EnterpriseLevel(enterprise=enterprise, level=level, effective_date=effective_date, source=source,
                              reason=reason or "", set_by=user, assessment=assessment)
        row.full_clean()
        row._history_user = user
        row.save()
        checklist = _checklist_for(row, user)
        _notify_level_change(row, checklist)
    return row


def _effective_at(effective_date):
    if effective_date == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(effective_date, datetime.time(0, 0)))


def _checklist_for(change, user):
    """The checklist of a level change: the current plan's actions for that level, or one item
    asking for that level's plan (and the monitoring department told) when there are none."""
    now = timezone.now()
    Checklist.objects.filter(enterprise=change.enterprise, superseded_at__isnull=True).update(superseded_at=now)
    plan = current_plan(change.enterprise)
    effective_at = _effective_at(change.effective_date)
    checklist = Checklist(enterprise=change.enterprise, level_change=change, plan=plan, level=change.level,
                          effective_at=effective_at)
    checklist._history_user = user
    checklist.save()
    actions = list(plan.actions.filter(level=change.level)) if plan else []
    if actions:
        items = [ChecklistItem(checklist=checklist, order=index, text=action.text, owner=action.owner,
                               due_at=effective_at + action.offset)
                 for index, action in enumerate(actions, start=1)]
    else:
        # Stored text is written in the official language, whoever acts (like history reasons).
        with translation.override(settings.LANGUAGE_CODE):
            items = [ChecklistItem(
                checklist=checklist, order=1, is_plan_missing=True, owner=_("Lãnh đạo doanh nghiệp"),
                text=_("Lập phương án cho cấp độ %(level)s") % {"level": change.level},
                due_at=effective_at + PLAN_MISSING_DUE,
            )]
    ChecklistItem.objects.bulk_create(items)
    if not actions:
        notify(recipients=department_users(change.enterprise.zone),
               title=_("%(enterprise)s chưa có phương án cho cấp độ %(level)s") % {
                   "enterprise": change.enterprise, "level": change.level},
               body=_("Doanh nghiệp vừa chuyển sang %(label)s nhưng chưa đăng ký biện pháp cho cấp độ này.") % {
                   "label": _level_label(change.level)},
               url=reverse("prevention:enterprise_level", args=[change.enterprise_id]))
    return checklist


def _notify_level_change(change, checklist):
    count = checklist.items.count()
    notify(
        recipients=enterprise_users(change.enterprise),
        title=_("Cấp độ dịch của %(enterprise)s: %(label)s") % {
            "enterprise": change.enterprise, "label": _level_label(change.level)},
        body=_("Áp dụng từ ngày %(date)s. Lý do: %(reason)s. Có %(count)s việc cần làm theo phương án.") % {
            "date": _date(change.effective_date), "reason": change.reason or "—", "count": count},
        url=reverse("prevention:checklist_detail", args=[checklist.pk]),
    )


# --- Zone levels


def zone_level_set(*, user, zone, level, effective_date=None, reason="", source=LevelSource.OFFICER,
                   expected_current=None) -> ZoneLevel:
    if not role_allows(user, ZoneLevel, Action.ADD):
        raise PermissionDenied
    level = int(level) if str(level).isdigit() else level
    _check_level(level)
    effective_date = effective_date or timezone.localdate()
    with transaction.atomic():
        locked = (Zone.objects.select_for_update(of=("self",)).order_by().filter(pk=zone.pk)
                  .filter(scope.level_setter_q(user, "pk") or Q()).first())
        if locked is None:
            raise PermissionDenied
        current = current_zone_level_of(locked)
        _check_expected(current, expected_current)
        _check_effective_date(effective_date, current)
        if current is not None and current.level == level:
            raise ValidationError({"level": _("KCN đang ở %(level)s từ ngày %(date)s.") % {
                "level": _level_label(level), "date": _date(current.effective_date)}})
        row = ZoneLevel(zone=locked, level=level, effective_date=effective_date, source=source,
                        reason=reason or "", set_by=user)
        row.full_clean()
        row._history_user = user
        row.save()
    return row


# --- Self-assessment


def assessment_submit(*, user, enterprise, answers: dict) -> SelfAssessment:
    """Score an enterprise's answers to the current criteria set and propose a level.

    ``answers``: criterion id → option id, one for every criterion of the set.
    """
    if not role_allows(user, SelfAssessment, Action.ADD):
        raise PermissionDenied
    with transaction.atomic():
        if not Enterprise.objects.restrict(user, Action.VIEW).filter(pk=enterprise.pk).exists():
            raise PermissionDenied
        criteria_set = CriteriaSet.current()
        if criteria_set is None:
            raise ValidationError(_("Chưa có bộ tiêu chí nào được ban hành."))
        answers = {int(key): int(value) for key, value in (answers or {}).items() if value not in (None, "")}
        criteria = list(criteria_set.criteria.prefetch_related("options"))
        errors = {}
        chosen = []
        for criterion in criteria:
            options = {option.pk: option for option in criterion.options.all()}
            option = options.get(answers.get(criterion.pk))
            if option is None:
                errors[f"criterion_{criterion.pk}"] = _("Hãy chọn một câu trả lời cho tiêu chí “%(text)s”.") % {
                    "text": criterion.text}
            chosen.append((criterion, option))
        unknown = set(answers) - {criterion.pk for criterion in criteria}
        if unknown:
            errors["answers"] = _("Có câu trả lời cho tiêu chí không thuộc bộ tiêu chí hiện hành.")
        if errors:
            raise ValidationError(errors)
        score = sum(option.score for _criterion, option in chosen)
        assessment = SelfAssessment(enterprise=enterprise, criteria_set=criteria_set, score=score,
                                    proposed_level=criteria_set.level_for_score(score), submitted_by=user)
        assessment.full_clean()
        assessment._history_user = user
        assessment.save()
        AssessmentAnswer.objects.bulk_create([
            AssessmentAnswer(assessment=assessment, criterion=criterion, option=option, score=option.score)
            for criterion, option in chosen
        ])
        notify(recipients=department_users(enterprise.zone),
               title=_("%(enterprise)s gửi phiếu tự đánh giá: đề xuất %(label)s") % {
                   "enterprise": enterprise, "label": _level_label(assessment.proposed_level)},
               body=_("Tổng điểm nguy cơ %(score)s.") % {"score": score},
               url=assessment.get_absolute_url())
    return assessment


def assessment_review(*, user, assessment, accept: bool, note="", effective_date=None) -> SelfAssessment:
    """The monitoring department (or a leader) accepts the proposed level (and sets it) or not."""
    if not role_allows(user, SelfAssessment, Action.CHANGE) or user.role == "enterprise":
        raise PermissionDenied
    with transaction.atomic():
        current = (SelfAssessment.objects.restrict(user, Action.CHANGE).select_for_update(of=("self",))
                   .order_by().filter(pk=assessment.pk).first())
        if current is None:
            raise PermissionDenied
        if current.status != AssessmentStatus.SUBMITTED:
            raise ValidationError(_("Phiếu này đã được xem xét (%(status)s).") % {
                "status": current.get_status_display()})
        if not accept and not (note or "").strip():
            raise ValidationError({"note": _("Hãy ghi lý do không chấp nhận cấp độ đề xuất.")})
        current.status = AssessmentStatus.ACCEPTED if accept else AssessmentStatus.REJECTED
        current.reviewed_by, current.reviewed_at, current.review_note = user, timezone.now(), note or ""
        current._history_user = user
        current.save()
        if accept:
            level_now = current_level_of(current.enterprise)
            if level_now is None or level_now.level != current.proposed_level:
                with translation.override(settings.LANGUAGE_CODE):
                    default_reason = _("Chấp nhận kết quả tự đánh giá (%(score)s điểm).") % {"score": current.score}
                enterprise_level_set(
                    user=user, enterprise=current.enterprise, level=current.proposed_level,
                    effective_date=effective_date, source=LevelSource.ASSESSMENT, assessment=current,
                    reason=note or default_reason,
                )
        else:
            notify(recipients=enterprise_users(current.enterprise),
                   title=_("Phiếu tự đánh giá chưa được chấp nhận"), body=note,
                   url=current.get_absolute_url())
    return current


# --- Scenario plans


def _clean_actions(actions):
    if not actions:
        raise ValidationError({"actions": _("Phương án phải có ít nhất một biện pháp.")})
    if len(actions) > MAX_PLAN_ACTIONS:
        raise ValidationError({"actions": _("Phương án có tối đa %(max)s biện pháp.") % {"max": MAX_PLAN_ACTIONS}})
    cleaned, errors = [], []
    for index, action in enumerate(actions, start=1):
        problems = []
        try:
            level = int(action.get("level"))
        except (TypeError, ValueError):
            level = None
        if level not in Level.values:
            problems.append(_("cấp độ phải là 1, 2, 3 hoặc 4"))
        text = (action.get("text") or "").strip()
        owner = (action.get("owner") or "").strip()
        if not text:
            problems.append(_("chưa ghi biện pháp"))
        if not owner:
            problems.append(_("chưa ghi người, bộ phận thực hiện"))
        try:
            due_value = int(action.get("due_value"))
        except (TypeError, ValueError):
            due_value = -1
        if due_value < 0 or due_value > 365 * 24:
            problems.append(_("thời hạn phải là số nguyên từ 0"))
        due_unit = action.get("due_unit") or DueUnit.HOURS
        if due_unit not in DueUnit.values:
            problems.append(_("đơn vị thời hạn phải là giờ hoặc ngày"))
        if problems:
            errors.append(_("Biện pháp %(index)s: %(problems)s.") % {"index": index, "problems": "; ".join(problems)})
        else:
            cleaned.append({"level": level, "text": text[:500], "owner": owner[:150], "due_value": due_value,
                            "due_unit": due_unit})
    if errors:
        raise ValidationError({"actions": errors})
    return cleaned


def plan_save(*, user, enterprise, actions: list, base_version=None) -> ScenarioPlan:
    """Register or change the enterprise's plan. Until the department reviews it, the current version
    is changed in place; after a review, the change is a new version (the reviewed one stays).

    ``base_version``: the version the user edited; a plan saved since by someone else is refused.
    """
    if not role_allows(user, ScenarioPlan, Action.ADD):
        raise PermissionDenied
    cleaned = _clean_actions(actions)
    with transaction.atomic():
        locked = (Enterprise.objects.restrict(user, Action.VIEW).select_for_update(of=("self",)).order_by()
                  .filter(pk=enterprise.pk).first())
        if locked is None:
            raise PermissionDenied
        plan = current_plan(locked)
        if base_version not in (None, "") and int(base_version) != (plan.version if plan else 0):
            raise ValidationError(_(
                "Phương án vừa được lưu thành phiên bản khác sau khi bạn mở trang. "
                "Hãy tải lại trang để xem bản mới nhất rồi sửa lại."
            ))
        if plan is None or plan.is_reviewed:
            plan = ScenarioPlan(enterprise=locked, version=(plan.version + 1) if plan else 1, submitted_by=user)
        else:
            plan.actions.all().delete()
            plan.submitted_by, plan.submitted_at = user, timezone.now()
        plan.status = PlanStatus.SUBMITTED
        plan.full_clean()
        plan._history_user = user
        plan.save()
        PlanAction.objects.bulk_create([PlanAction(plan=plan, order=index, **action)
                                        for index, action in enumerate(cleaned, start=1)])
    return plan


def plan_review(*, user, plan, decision, comment="") -> ScenarioPlan:
    """The monitoring department marks the current version seen, or asks for more with a comment."""
    if not role_allows(user, ScenarioPlan, Action.CHANGE) or user.role == "enterprise":
        raise PermissionDenied
    if decision not in PlanDecision.values:
        raise ValidationError({"decision": _("Hãy chọn “đã xem” hoặc “yêu cầu bổ sung”.")})
    comment = (comment or "").strip()
    if decision == PlanDecision.NEEDS_MORE and not comment:
        raise ValidationError({"comment": _("Hãy ghi nội dung cần bổ sung.")})
    with transaction.atomic():
        current = (ScenarioPlan.objects.restrict(user, Action.CHANGE).select_for_update(of=("self",)).order_by()
                   .filter(pk=plan.pk).first())
        if current is None:
            raise PermissionDenied
        latest = current_plan(current.enterprise)
        if latest.pk != current.pk:
            raise ValidationError(_("Đây không còn là phiên bản mới nhất của phương án (phiên bản %(version)s).")
                                  % {"version": latest.version})
        current.status = decision
        current.reviewed_by, current.reviewed_at, current.review_comment = user, timezone.now(), comment
        current._history_user = user
        current.save()
        if decision == PlanDecision.NEEDS_MORE:
            notify(recipients=enterprise_users(current.enterprise),
                   title=_("Phương án theo cấp độ cần bổ sung"), body=comment, url=current.get_absolute_url())
    return current


# --- Checklists


def checklist_item_done(*, user, item, note="") -> ChecklistItem:
    """Tick an item done, once: the enterprise or its monitoring department."""
    if not role_allows(user, ChecklistItem, Action.CHANGE):
        raise PermissionDenied
    with transaction.atomic():
        current = (ChecklistItem.objects.restrict(user, Action.CHANGE).select_for_update(of=("self",)).order_by()
                   .filter(pk=item.pk).first())
        if current is None:
            raise PermissionDenied
        if current.done_at is not None:
            raise ValidationError(_("Việc này đã được %(user)s xác nhận hoàn thành lúc %(time)s.") % {
                "user": current.done_by, "time": formats.date_format(timezone.localtime(current.done_at),
                                                                     "d/m/Y H:i")})
        current.done_at, current.done_by, current.note = timezone.now(), user, (note or "").strip()
        current._history_user = user
        current.save()
    return current


# --- Criteria sets


def criteria_set_publish(*, user, data: dict) -> CriteriaSet:
    """Publish a new version of the criteria. Earlier versions, and the assessments answered
    under them, stay as they were.

    ``data``: name, basis, zone_rule, zone_share_percent, criteria (text, help_text, options (text,
    score)), score_thresholds (min_score, level), case_thresholds (min_cases, level).
    """
    if not role_allows(user, CriteriaSet, Action.ADD):
        raise PermissionDenied
    criteria = data.get("criteria") or []
    errors = {}
    if not criteria:
        errors["criteria"] = _("Bộ tiêu chí phải có ít nhất một tiêu chí.")
    for index, criterion in enumerate(criteria, start=1):
        if len(criterion.get("options") or []) < 2:
            errors["criteria"] = _("Tiêu chí %(index)s phải có ít nhất hai câu trả lời.") % {"index": index}
    score_thresholds = data.get("score_thresholds") or []
    levels = [row["level"] for row in score_thresholds]
    if len(levels) != len(set(levels)):
        errors["score_thresholds"] = _("Mỗi cấp độ chỉ có một ngưỡng điểm.")
    ordered = sorted(score_thresholds, key=lambda row: row["level"])
    if any(a["min_score"] >= b["min_score"] for a, b in zip(ordered, ordered[1:], strict=False)):
        errors["score_thresholds"] = _("Ngưỡng điểm của cấp cao hơn phải lớn hơn ngưỡng của cấp thấp hơn.")
    case_levels = [row["level"] for row in data.get("case_thresholds") or []]
    if len(case_levels) != len(set(case_levels)):
        errors["case_thresholds"] = _("Mỗi cấp độ chỉ có một ngưỡng số ca.")
    if data.get("zone_rule", ZoneRule.HIGHEST) == ZoneRule.SHARE and not data.get("zone_share_percent"):
        errors["zone_share_percent"] = _("Hãy ghi ngưỡng tỷ lệ doanh nghiệp khi chọn cách “tỷ lệ”.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        latest = CriteriaSet.objects.select_for_update().order_by("-version").first()
        criteria_set = CriteriaSet(
            version=(latest.version + 1) if latest else 1, name=data["name"], basis=data.get("basis", ""),
            zone_rule=data.get("zone_rule", ZoneRule.HIGHEST), zone_share_percent=data.get("zone_share_percent", 0),
            published_by=user, published_at=timezone.now(),
        )
        criteria_set.full_clean()
        criteria_set._history_user = user
        criteria_set.save()
        for index, row in enumerate(criteria, start=1):
            criterion = Criterion.objects.create(criteria_set=criteria_set, order=index, text=row["text"],
                                                 help_text=row.get("help_text", ""))
            CriterionOption.objects.bulk_create([
                CriterionOption(criterion=criterion, order=position, text=option["text"], score=option["score"])
                for position, option in enumerate(row["options"], start=1)
            ])
        ScoreThreshold.objects.bulk_create([ScoreThreshold(criteria_set=criteria_set, **row)
                                            for row in score_thresholds])
        CaseThreshold.objects.bulk_create([CaseThreshold(criteria_set=criteria_set, **row)
                                           for row in data.get("case_thresholds") or []])
    return criteria_set
