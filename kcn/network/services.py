"""Writes of the network: activities and their quarterly updates, six-monthly evaluations,
workshops with their agenda, organisations, participants and visits, and the library.

Every write is one transaction; the row is re-checked against the user's scope inside it
(``restrict``), so "not allowed" is PermissionDenied, which pages and the API answer as 404.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.core.choices import Action
from kcn.core.files import document_kind
from kcn.core.services import locked_in_scope, require_permission, scoped_delete, scoped_save
from kcn.training.models import Enrolment

from .constants import DOCUMENT_MAX_BYTES
from .models import (
    ActivityUpdate,
    AgendaItem,
    CpActivity,
    Document,
    Evaluation,
    FieldVisit,
    Workshop,
    WorkshopOrganisation,
    WorkshopParticipant,
)
from .selectors import half_of, quarter_end, quarter_of, quarter_start


def _still_in_scope(model, user, action, obj):
    if not model.objects.restrict(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied


# --- Follow-up: activities


def activity_save(*, user, instance=None, data: dict) -> CpActivity:
    """Register (or edit) a CP activity. A graduate registers their own; the trainee must have
    passed a course the user can see, and the programme, if given, must be one of those."""
    data = dict(data)
    trainee = data.get("trainee") or (instance.trainee if instance else None)
    if trainee is None:
        raise ValidationError({"trainee": _("Hãy chọn chuyên gia.")})
    passed = Enrolment.objects.filter(trainee=trainee, passed=True)
    if not passed.exists():
        raise ValidationError({"trainee": _("Chỉ học viên đã đạt yêu cầu một khóa đào tạo mới đăng ký hoạt động.")})
    programme = data.get("programme")
    if programme is not None and not passed.filter(course__programme=programme).exists():
        raise ValidationError({"programme": _("Chuyên gia chưa đạt yêu cầu khóa nào của chương trình này.")})
    return scoped_save(user=user, model=CpActivity, instance=instance, data=data)


# --- Follow-up: quarterly updates


def activity_update_submit(*, user, activity, year: int, quarter: int, status: str, progress: str,
                           enterprises_reached: int = 0, today=None) -> tuple[ActivityUpdate, bool]:
    """The update of ``activity`` for a quarter; (update, created).

    One per activity per quarter: sending the same quarter again replaces that quarter's update
    (the caller tells the user so). A quarter that has not begun yet is refused, as is one that
    ended before the activity was planned to start. The activity takes the update's status.
    """
    today = today or timezone.localdate()
    if (year, quarter) > quarter_of(today):
        raise ValidationError({"quarter": _("Quý %(quarter)s/%(year)s chưa bắt đầu, chưa cập nhật được.")
                              % {"quarter": quarter, "year": year}})
    if quarter_end(year, quarter) < quarter_start(*quarter_of(activity.planned_start)):
        raise ValidationError({"quarter": _("Quý %(quarter)s/%(year)s ở trước khi hoạt động bắt đầu.")
                              % {"quarter": quarter, "year": year}})
    with transaction.atomic():
        current = locked_in_scope(CpActivity, user, Action.VIEW, activity.pk)
        update = ActivityUpdate.objects.select_for_update().filter(activity=current, year=year,
                                                                  quarter=quarter).first()
        created = update is None
        require_permission(user, ActivityUpdate, Action.ADD if created else Action.CHANGE)
        if created:
            update = ActivityUpdate(activity=current, year=year, quarter=quarter)
        update.status = status
        update.progress = progress
        update.enterprises_reached = enterprises_reached or 0
        update.submitted_by = user
        update.full_clean()
        update._history_user = user
        update.save()
        _still_in_scope(ActivityUpdate, user, Action.ADD if created else Action.CHANGE, update)
        if current.status != status:
            current.status = status
            current._history_user = user
            current.save(update_fields=["status", "updated_at"])
    return update, created


def activity_update_save(*, user, instance=None, data: dict) -> ActivityUpdate:
    """The API's create/update: the same rules as the form (``activity_update_submit``)."""
    activity = data.get("activity") or instance.activity
    update, _created = activity_update_submit(
        user=user, activity=activity, year=data.get("year", getattr(instance, "year", None)),
        quarter=data.get("quarter", getattr(instance, "quarter", None)), status=data["status"],
        progress=data["progress"], enterprises_reached=data.get("enterprises_reached", 0))
    return update


# --- Follow-up: evaluations


def evaluation_save(*, user, instance=None, data: dict, today=None) -> Evaluation:
    """The six-monthly evaluation of a graduate: one per half-year, never for a half not begun.

    A second evaluation of the same half is refused (edit the existing one instead); the
    graduate must have passed a course the user follows.
    """
    today = today or timezone.localdate()
    data = dict(data)
    trainee = data.get("trainee") or instance.trainee
    year, half = data.get("year"), data.get("half")
    if year and half and (year, half) > half_of(today):
        raise ValidationError({"half": _("6 tháng này chưa bắt đầu, chưa đánh giá được.")})
    if not Enrolment.objects.restrict(user, Action.VIEW).filter(trainee=trainee, passed=True).exists():
        raise PermissionDenied
    duplicate = Evaluation.objects.filter(trainee=trainee, year=year, half=half)
    if instance is not None:
        duplicate = duplicate.exclude(pk=instance.pk)
    if duplicate.exists():
        raise ValidationError({"half": _("%(trainee)s đã được đánh giá cho 6 tháng này; hãy sửa bản đánh giá đó.")
                              % {"trainee": trainee}})
    if instance is None:
        data.setdefault("evaluated_by", user)
    return scoped_save(user=user, model=Evaluation, instance=instance, data=data)


# --- Workshops


def workshop_save(*, user, instance=None, data: dict) -> Workshop:
    return scoped_save(user=user, model=Workshop, instance=instance, data=data)


def _workshop_for_change(user, workshop):
    require_permission(user, Workshop, Action.CHANGE)
    return locked_in_scope(Workshop, user, Action.CHANGE, workshop.pk)


def _add_part(user, model, workshop, data):
    require_permission(user, model, Action.ADD)
    with transaction.atomic():
        current = _workshop_for_change(user, workshop)
        obj = model(workshop=current, **data)
        obj.full_clean()
        obj._history_user = user
        obj.save()
    return obj


def agenda_item_add(*, user, workshop, data: dict) -> AgendaItem:
    return _add_part(user, AgendaItem, workshop, data)


def organisation_add(*, user, workshop, data: dict) -> WorkshopOrganisation:
    return _add_part(user, WorkshopOrganisation, workshop, data)


def participant_add(*, user, workshop, data: dict) -> WorkshopParticipant:
    organisation = data.get("organisation")
    if organisation is not None and organisation.workshop_id != workshop.pk:
        raise ValidationError({"organisation": _("Đơn vị này không tham dự hội thảo.")})
    return _add_part(user, WorkshopParticipant, workshop, data)


def field_visit_add(*, user, workshop, data: dict) -> FieldVisit:
    return _add_part(user, FieldVisit, workshop, data)


#: A workshop's parts by the name the pages and the API give them: (model, service adding one).
WORKSHOP_PARTS = {
    "agenda": (AgendaItem, agenda_item_add),
    "organisation": (WorkshopOrganisation, organisation_add),
    "participant": (WorkshopParticipant, participant_add),
    "visit": (FieldVisit, field_visit_add),
}


def workshop_part_delete(*, user, instance):
    """Remove an agenda line, an organisation, a participant or a visit from a workshop."""
    model = type(instance)
    require_permission(user, model, Action.DELETE)
    with transaction.atomic():
        _workshop_for_change(user, instance.workshop)
        scoped_delete(user=user, model=model, instance=instance)


def attendance_mark(*, user, workshop, present_ids) -> int:
    """Tick who came: participants in ``present_ids`` attended, the others did not. Returns how many came."""
    require_permission(user, WorkshopParticipant, Action.CHANGE)
    present = {int(pk) for pk in present_ids}
    with transaction.atomic():
        current = _workshop_for_change(user, workshop)
        participants = list(WorkshopParticipant.objects.restrict(user, Action.CHANGE).filter(workshop=current)
                            .select_for_update(of=("self",)).order_by())
        for participant in participants:
            attended = participant.pk in present
            if participant.attended != attended:
                participant.attended = attended
                participant._history_user = user
                participant.save(update_fields=["attended", "updated_at"])
    return sum(1 for participant in participants if participant.attended)


# --- Library


def document_save(*, user, instance=None, data: dict) -> Document:
    """Add or edit a library document. The upload must really be a document (PDF, Office,
    OpenDocument) no larger than DOCUMENT_MAX_BYTES; otherwise nothing is saved and the reason is
    given on the file field."""
    data = dict(data)
    upload = data.pop("file", None)
    if not isinstance(upload, UploadedFile):
        upload = None  # the stored file, sent back by a form or a PATCH: kept as it is
    if instance is None and not upload:
        raise ValidationError({"file": _("Hãy chọn tệp tài liệu.")})
    if upload:
        try:
            kind = document_kind(upload, max_bytes=DOCUMENT_MAX_BYTES)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        data.update(file=upload, original_name=upload.name[:255], size=upload.size, content_type=kind.content_type)
    if instance is None:
        data["uploaded_by"] = user
    return scoped_save(user=user, model=Document, instance=instance, data=data)


def document_delete(*, user, instance):
    with transaction.atomic():
        stored = instance.file.name
        scoped_delete(user=user, model=Document, instance=instance)
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(stored) if stored else None)
