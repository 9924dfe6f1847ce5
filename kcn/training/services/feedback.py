"""Writes of session feedback: a trainee scores a session once, and a manager keeps the criteria.

A feedback and its scores are written together or not at all; its ``average`` is stored with
them so that the summaries read one row per trainee instead of one per score.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.core.choices import Action
from kcn.core.services import require_permission

from ..constants import FEEDBACK_MAX
from ..models import Enrolment, Feedback, FeedbackCriterion, FeedbackScore, Programme, Session

CENT = Decimal("0.01")


def score_field(criterion_id) -> str:
    """The form field (and error key) of one criterion's score."""
    return f"criterion_{criterion_id}"


def feedback_submit(*, user, session: Session, enrolment: Enrolment, scores: dict, comment: str = "") -> Feedback:
    """The trainee's feedback on ``session``: one score from 0 to 10 per active criterion.

    ``scores`` maps a criterion id to its score. Refused, with nothing saved: a session that has
    not started, a second feedback on the same session, a missing score or one outside 0–10
    (the message names the criterion).
    """
    require_permission(user, Feedback, Action.ADD)
    with transaction.atomic():
        # The enrolment row is the lock: a double click sends two requests; the second waits here
        # and then finds the first one's feedback.
        enrolment = (Enrolment.objects.restrict(user, Action.VIEW).filter(pk=enrolment.pk, trainee__user_id=user.pk)
                     .order_by().select_for_update(of=("self",)).first())
        session = Session.objects.restrict(user, Action.VIEW).select_related("course").filter(pk=session.pk).first()
        if enrolment is None or session is None or enrolment.course_id != session.course_id:
            raise PermissionDenied
        if session.start_date > timezone.localdate():
            raise ValidationError(_("Đợt này bắt đầu ngày %(date)s; bạn đánh giá được từ ngày đó.") % {
                "date": f"{session.start_date:%d/%m/%Y}"})
        if Feedback.objects.filter(session=session, enrolment=enrolment).exists():
            raise ValidationError(_("Bạn đã đánh giá đợt này."))
        criteria = list(FeedbackCriterion.objects.filter(programme_id=session.course.programme_id, is_active=True)
                        .order_by("order", "pk"))
        if not criteria:
            raise ValidationError(_("Chương trình chưa có tiêu chí đánh giá nào đang dùng."))
        given = {int(key): value for key, value in (scores or {}).items()}
        errors, values = {}, []
        for criterion in criteria:
            value = given.get(criterion.pk)
            try:
                value = None if value in (None, "") else Decimal(str(value))
            except InvalidOperation:
                value = Decimal("NaN")
            if value is None:
                errors[score_field(criterion.pk)] = _("Hãy cho điểm tiêu chí “%(criterion)s”.") % {
                    "criterion": criterion.text}
            elif not value.is_finite() or not (0 <= value <= FEEDBACK_MAX):
                errors[score_field(criterion.pk)] = _(
                    "Điểm của tiêu chí “%(criterion)s” phải từ 0 đến %(max)s.") % {
                    "criterion": criterion.text, "max": FEEDBACK_MAX}
            elif value != value.quantize(CENT):
                errors[score_field(criterion.pk)] = _(
                    "Điểm của tiêu chí “%(criterion)s” có nhiều nhất hai chữ số thập phân.") % {
                    "criterion": criterion.text}
            else:
                values.append((criterion, value))
        unknown = set(given) - {criterion.pk for criterion in criteria}
        if unknown:
            errors.setdefault("scores", _("Có điểm cho tiêu chí không thuộc chương trình hoặc không còn dùng."))
        if errors:
            raise ValidationError(errors)
        average = (sum(value for _criterion, value in values) / len(values)).quantize(CENT, ROUND_HALF_UP)
        feedback = Feedback(session=session, enrolment=enrolment, average=average, comment=(comment or "").strip())
        feedback.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                feedback.save()
        except IntegrityError:
            raise ValidationError(_("Bạn đã đánh giá đợt này.")) from None
        rows = [FeedbackScore(feedback=feedback, criterion=criterion, score=value) for criterion, value in values]
        for row in rows:
            row.full_clean(exclude=["feedback"], validate_constraints=False)
        FeedbackScore.objects.bulk_create(rows)
    return feedback


def feedback_criteria_save(*, user, programme: Programme, rows: list[dict]) -> list[FeedbackCriterion]:
    """Save a programme's feedback criteria from the manager's formset.

    ``rows``: [{"id": pk or None, "text", "order", "is_active"}]. A criterion already scored is
    never deleted (the scores point at it); it is retired with ``is_active`` False.
    """
    require_permission(user, FeedbackCriterion, Action.CHANGE)
    with transaction.atomic():
        locked = (Programme.objects.restrict(user, Action.CHANGE).filter(pk=programme.pk).order_by()
                  .select_for_update(of=("self",)).first())
        if locked is None:
            raise PermissionDenied
        existing = {item.pk: item for item in FeedbackCriterion.objects.filter(programme=locked)}
        saved, errors = [], []
        for index, row in enumerate(rows, start=1):
            text = (row.get("text") or "").strip()
            pk = row.get("id")
            if not text and not pk:
                continue
            if pk:
                criterion = existing.get(pk.pk if hasattr(pk, "pk") else int(pk))
                if criterion is None:
                    raise PermissionDenied
            else:
                criterion = FeedbackCriterion(programme=locked)
            criterion.text = text
            criterion.order = row.get("order") if row.get("order") is not None else index
            criterion.is_active = bool(row.get("is_active", True))
            try:
                criterion.full_clean()
            except ValidationError as error:
                errors.append(_("Dòng %(row)s: %(errors)s") % {"row": index, "errors": " ".join(error.messages)})
                continue
            saved.append(criterion)
        if errors:
            raise ValidationError(errors)
        if not any(item.is_active for item in saved) and saved:
            raise ValidationError(_("Cần ít nhất một tiêu chí đang dùng để học viên đánh giá đợt học."))
        for criterion in saved:
            criterion._history_user = user
            criterion.save()
    return saved
