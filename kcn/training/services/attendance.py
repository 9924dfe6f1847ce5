"""Writes of attendance: the trainer's grid, one cell from the API, and a trainee's QR check-in.

A check-in token is signed (django.core.signing) and carries the SessionDay's id and the time it
was made; it is good for CHECKIN_TOKEN_MAX_AGE_SECONDS. The short code shown beside the QR code
is derived from the same secret, the day and the current time window, so a trainee whose phone
cannot scan types six digits instead.
"""

import time

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.core.services import require_permission, stale_version_error, version_token

from ..choices import AttendanceMethod, AttendanceStatus, EnrolmentStatus
from ..constants import CHECKIN_TOKEN_MAX_AGE_SECONDS
from ..models import Attendance, Enrolment, Session, SessionDay

CHECKIN_SALT = "kcn.training.checkin"
SHORT_CODE_DIGITS = 6
# Six digits can be guessed by trying them all; after this many wrong codes within one code's
# lifetime a trainee must scan the QR code (or ask the trainer) instead.
SHORT_CODE_MAX_FAILURES = 10


# --- tokens


def checkin_token(day: SessionDay) -> str:
    """A signed, timestamped token naming ``day``: what the QR code shown in class carries."""
    return signing.dumps({"d": day.pk}, salt=CHECKIN_SALT, compress=True)


def checkin_token_day_id(token: str, *, max_age=CHECKIN_TOKEN_MAX_AGE_SECONDS) -> int:
    """The SessionDay id a token names; ValidationError with the reason when expired or forged."""
    try:
        payload = signing.loads(token, salt=CHECKIN_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(_("Mã điểm danh đã hết hạn. Hãy quét lại mã QR đang chiếu trên lớp."),
                              code="expired") from None
    except signing.BadSignature:
        raise ValidationError(_("Mã điểm danh không hợp lệ. Hãy quét lại mã QR đang chiếu trên lớp."),
                              code="invalid") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("d"), int):
        raise ValidationError(_("Mã điểm danh không hợp lệ. Hãy quét lại mã QR đang chiếu trên lớp."),
                              code="invalid")
    return payload["d"]


def _window(now=None):
    return int((time.time() if now is None else now) // CHECKIN_TOKEN_MAX_AGE_SECONDS)


def checkin_short_code(day: SessionDay, *, window=None) -> str:
    """Six digits for ``day`` in the current time window (the one the trainee may type)."""
    window = _window() if window is None else window
    digest = salted_hmac(CHECKIN_SALT, f"{day.pk}:{window}").hexdigest()
    return f"{int(digest[:12], 16) % 10 ** SHORT_CODE_DIGITS:0{SHORT_CODE_DIGITS}d}"


# --- the trainer's grid


def attendance_record_grid(*, user, session: Session, cells: dict, originals: dict | None = None) -> int:
    """Save the grid of ``session``: {(enrolment_id, day_id): status or "" to clear}; all or nothing.

    ``originals`` holds what each cell showed when the page was drawn. A cell the trainer left as
    it was is not written, so a QR check-in made meanwhile stays; a cell the trainer changed that
    someone else changed meanwhile is a conflict, refused with the current value (nothing saved).
    Returns how many cells changed. A cell of a trainee or a day that is not the session's is
    refused; a QR check-in the trainer leaves as it is keeps its method.
    """
    originals = originals or {}
    require_permission(user, Attendance, Action.CHANGE)
    valid = set(AttendanceStatus.values)
    with transaction.atomic():
        current = (Session.objects.restrict(user, Action.VIEW).filter(pk=session.pk).order_by()
                   .select_for_update(of=("self",)).first())
        if current is None:
            raise PermissionDenied
        days = {day.pk: day for day in current.days.all()}
        enrolments = {e.pk: e for e in Enrolment.objects.restrict(user, Action.VIEW).filter(course_id=current.course_id)
                      .select_related("trainee")}
        existing = {(a.enrolment_id, a.day_id): a for a in
                    Attendance.objects.filter(day__session=current, enrolment_id__in=list(enrolments))}
        errors = []
        to_create, to_update, to_delete = [], [], []
        now = timezone.now()
        for (enrolment_id, day_id), status in cells.items():
            if enrolment_id not in enrolments:
                raise PermissionDenied
            if day_id not in days:
                errors.append(_("Ngày này không thuộc đợt %(session)s.") % {"session": current})
                continue
            status = status or ""
            if status and status not in valid:
                errors.append(_("Trạng thái điểm danh “%(status)s” không hợp lệ.") % {"status": status})
                continue
            row = existing.get((enrolment_id, day_id))
            if (enrolment_id, day_id) in originals:
                shown = originals[(enrolment_id, day_id)]
                if status == shown:
                    continue  # not touched on this page: whatever is stored now stays
                now_stored = row.status if row is not None else ""
                if now_stored != shown:
                    errors.append(_("%(trainee)s, ngày %(date)s: đã được ghi “%(current)s” trong lúc bạn sửa; "
                                    "hãy xem lại ô này rồi lưu lần nữa.") % {
                        "trainee": enrolments[enrolment_id].trainee, "date": f"{days[day_id].date:%d/%m/%Y}",
                        "current": row.get_status_display() if row is not None else "—"})
                    continue
            if not status:
                if row is not None:
                    to_delete.append(row.pk)
                continue
            if row is None:
                to_create.append(Attendance(enrolment_id=enrolment_id, day_id=day_id, status=status,
                                            method=AttendanceMethod.TRAINER, recorded_by=user, recorded_at=now))
            elif row.status != status:
                row.status, row.method, row.recorded_by, row.recorded_at = (status, AttendanceMethod.TRAINER, user,
                                                                            now)
                to_update.append(row)
        if errors:
            raise ValidationError(errors)
        Attendance.objects.filter(pk__in=to_delete).delete()
        Attendance.objects.bulk_create(to_create)
        Attendance.objects.bulk_update(to_update, ["status", "method", "recorded_by", "recorded_at"])
        written = [row.pk for row in to_update] + list(
            Attendance.objects.filter(day__session=current, enrolment_id__in=[a.enrolment_id for a in to_create])
            .values_list("pk", flat=True))
        if Attendance.objects.restrict(user, Action.CHANGE).filter(pk__in=written).count() != len(set(written)):
            raise PermissionDenied
    return len(to_create) + len(to_update) + len(to_delete)


def _check_day(enrolment, day):
    session = day.session
    if session.course_id != enrolment.course_id or not (session.start_date <= day.date <= session.end_date):
        raise ValidationError({"day": _("Ngày %(date)s không thuộc đợt học nào của khóa mà học viên ghi danh.") % {
            "date": f"{day.date:%d/%m/%Y}"}})


def attendance_set(*, user, enrolment: Enrolment, day: SessionDay, status: str, instance: Attendance | None = None,
                   version: str | None = None):
    """One cell (the API): create or change the attendance of ``enrolment`` on ``day``.

    ``version`` is the cell's ``recorded_at`` token the client read (``version_token``): a
    cell written by someone else since (a QR check-in, another trainer) is refused, not
    overwritten."""
    require_permission(user, Attendance, Action.CHANGE if instance is not None else Action.ADD)
    with transaction.atomic():
        enrolment = Enrolment.objects.restrict(user, Action.VIEW).filter(pk=enrolment.pk).first()
        day = SessionDay.objects.restrict(user, Action.VIEW).select_related("session").filter(pk=day.pk).first()
        if enrolment is None or day is None:
            raise PermissionDenied
        _check_day(enrolment, day)
        if instance is None:
            row = Attendance.objects.select_for_update().filter(enrolment=enrolment, day=day).first()
            if row is None:
                row = Attendance(enrolment=enrolment, day=day)
        else:
            row = Attendance.objects.restrict(user, Action.CHANGE).select_for_update().filter(pk=instance.pk).first()
            if row is None:
                raise PermissionDenied
            if (row.enrolment_id, row.day_id) != (enrolment.pk, day.pk):
                raise ValidationError(_("Không đổi được học viên hoặc ngày của một lượt điểm danh; hãy ghi lượt mới."))
            if version and version != version_token(row):
                raise stale_version_error()
        row.status, row.method, row.recorded_by, row.recorded_at = (status, AttendanceMethod.TRAINER, user,
                                                                    timezone.now())
        row.full_clean()
        row.save()
        if not Attendance.objects.restrict(user, Action.CHANGE).filter(pk=row.pk).exists():
            raise PermissionDenied
    return row


# --- QR check-in


def attendance_checkin(*, user, token: str | None = None, code: str | None = None) -> tuple[Attendance, bool]:
    """The trainee checks in by the class's QR token (or its short code): (attendance, created).

    Only today, only on a course the trainee is enrolled in and has not left; a second check-in
    changes nothing (and never overrides what the trainer recorded).
    """
    if not role_allows(user, Attendance, Action.ADD) or getattr(user, "trainee", None) is None:
        raise ValidationError(_("Chỉ học viên có tài khoản mới điểm danh bằng mã QR được."), code="not_trainee")
    today = timezone.localdate()
    if token is not None:
        day = SessionDay.objects.select_related("session__course").filter(pk=checkin_token_day_id(token)).first()
    else:
        day = _day_for_code_limited(user, code or "", today)
    if day is None:
        raise ValidationError(_("Mã điểm danh không hợp lệ. Hãy quét lại mã QR đang chiếu trên lớp."), code="invalid")
    if day.date != today:
        raise ValidationError(_("Mã này dùng để điểm danh ngày %(date)s, không phải hôm nay.") % {
            "date": f"{day.date:%d/%m/%Y}"}, code="wrong_day")
    with transaction.atomic():
        enrolment = (Enrolment.objects.restrict(user, Action.VIEW)
                     .filter(course_id=day.session.course_id, trainee__user=user).first())
        if enrolment is None:
            raise ValidationError(_("Bạn không có tên trong danh sách học viên của khóa %(course)s.") % {
                "course": day.session.course}, code="not_enrolled")
        if enrolment.status == EnrolmentStatus.WITHDRAWN:
            raise ValidationError(_("Bạn đã rút khỏi khóa %(course)s nên không điểm danh được.") % {
                "course": day.session.course}, code="withdrawn")
        row, created = Attendance.objects.select_for_update().get_or_create(
            enrolment=enrolment, day=day, defaults={"status": AttendanceStatus.PRESENT, "method": AttendanceMethod.QR,
                                                    "recorded_by": user, "recorded_at": timezone.now()})
        if created and not Attendance.objects.restrict(user, Action.ADD).filter(pk=row.pk).exists():
            raise PermissionDenied
    return row, created


def _day_for_code_limited(user, code, today):
    """_day_for_code, refusing a trainee who has typed too many wrong codes lately."""
    key = f"kcn:checkin-failures:{user.pk}"
    if cache.get(key, 0) >= SHORT_CODE_MAX_FAILURES:
        raise ValidationError(_("Bạn đã nhập sai mã quá nhiều lần. Hãy quét mã QR hoặc báo giảng viên điểm danh."),
                              code="too_many_attempts")
    day = _day_for_code(user, code, today)
    if day is None:
        cache.add(key, 0, timeout=CHECKIN_TOKEN_MAX_AGE_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=CHECKIN_TOKEN_MAX_AGE_SECONDS)
    return day


def _day_for_code(user, code, today):
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != SHORT_CODE_DIGITS:
        return None
    window = _window()
    for day in SessionDay.objects.restrict(user, Action.VIEW).filter(date=today).select_related("session__course"):
        # The code of the previous window is still accepted: one shown a minute before the page renewed it.
        if any(constant_time_compare(code, checkin_short_code(day, window=w)) for w in (window, window - 1)):
            return day
    return None
