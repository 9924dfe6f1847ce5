"""Writes of certificates: issuing them to the trainees who passed a course, and revoking one.

Both lock the row they change, re-check the user's scope inside the transaction and refuse, as
"not found", what the user may not touch. A certificate is never edited: what it says was true
on the day it was signed; a mistake is revoked (with the reason shown on the public page) and
a new one issued.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.core.choices import Action
from kcn.core.services import require_permission

from ..models import Certificate, Course, Enrolment


def certificate_number(*, course: Course, year: int, sequence: int) -> str:
    """"K1-SXSH-TU-VAN/2026/007": the course, the year of issue and the order within the course."""
    return f"K{course.number}-{course.programme.code.upper()}/{year}/{sequence:03d}"


def certificates_issue(*, user, course: Course, signer_name: str, signer_title: str,
                       issued_on: datetime.date | None = None) -> list[Certificate]:
    """One certificate for each enrolment of ``course`` that passed and has none yet.

    Idempotent: issuing again issues only to those who passed since (none, usually). Refused
    while the course's results are not published: a certificate must not precede its result.
    """
    require_permission(user, Certificate, Action.ADD)
    signer_name, signer_title = (signer_name or "").strip(), (signer_title or "").strip()
    errors = {}
    if not signer_name:
        errors["signer_name"] = _("Hãy nhập họ và tên người ký chứng chỉ.")
    if not signer_title:
        errors["signer_title"] = _("Hãy nhập chức vụ người ký chứng chỉ.")
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        errors["issued_on"] = _("Ngày cấp không được sau ngày hôm nay.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The course row is the lock: two managers pressing "issue" at once number in turn.
        locked = (Course.objects.restrict(user, Action.VIEW).filter(pk=course.pk).select_related("programme")
                  .order_by().select_for_update(of=("self",)).first())
        if locked is None:
            raise PermissionDenied
        if locked.results_published_at is None:
            raise ValidationError(_("Khóa %(course)s chưa công bố kết quả nên chưa cấp được chứng chỉ. "
                                    "Hãy xếp loại và công bố kết quả trước.") % {"course": locked})
        sequence = Certificate.objects.filter(enrolment__course=locked).count()
        pending = (Enrolment.objects.restrict(user, Action.VIEW)
                   .filter(course=locked, passed=True, certificate__isnull=True)
                   .select_related("trainee").order_by("trainee__full_name", "pk"))
        issued = []
        for enrolment in pending:
            sequence += 1
            certificate = Certificate(enrolment=enrolment, issued_on=issued_on, signer_name=signer_name,
                                      signer_title=signer_title, issued_by=user,
                                      number=certificate_number(course=locked, year=issued_on.year,
                                                                sequence=sequence))
            certificate.full_clean()
            certificate._history_user = user
            certificate.save()
            issued.append(certificate)
        visible = Certificate.objects.restrict(user, Action.ADD).filter(pk__in=[item.pk for item in issued]).count()
        if visible != len(issued):
            raise PermissionDenied
    return issued


def certificate_revoke(*, user, certificate: Certificate, reason: str) -> Certificate:
    """Revoke ``certificate`` with a reason; the public page says so from then on."""
    require_permission(user, Certificate, Action.CHANGE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy nêu lý do thu hồi chứng chỉ.")})
    with transaction.atomic():
        current = (Certificate.objects.restrict(user, Action.CHANGE).filter(pk=certificate.pk).order_by()
                   .select_for_update(of=("self",)).first())
        if current is None:
            raise PermissionDenied
        if current.is_revoked:
            raise ValidationError(_("Chứng chỉ %(code)s đã bị thu hồi ngày %(date)s.") % {
                "code": current.code, "date": f"{timezone.localtime(current.revoked_at):%d/%m/%Y}"})
        current.revoked_at = timezone.now()
        current.revoked_reason = reason
        current.revoked_by = user
        current.full_clean()
        current._history_user = user
        current.save()
    return current
