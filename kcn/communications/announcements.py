"""Announcements of the board (thông báo của Ban): who they reach, sending them, and their figures.

Sending is ``notify`` for every user of every enterprise reached, on the in-app, e-mail and Zalo OA
channels, in the same transaction as the announcement itself; the channels send after commit.
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.registry.choices import EnterpriseStatus
from kcn.registry.models import Board, Enterprise, EnterpriseUser

from .choices import Audience, ChannelName
from .models import Announcement, AnnouncementRecipient, Delivery, Notification
from .services import notify

ANNOUNCEMENT_CHANNELS = (ChannelName.IN_APP, ChannelName.EMAIL, ChannelName.ZALO)
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png", ".zip"}


def announcement_boards(user):
    """Boards the user may send for: their own board; an administrator any."""
    if not role_allows(user, Announcement, Action.ADD):
        return Board.objects.none()
    return Board.objects.restrict(user, Action.VIEW)


def announcement_enterprises(*, board, audience, zones=(), sectors=(), enterprises=()):
    """The enterprises an announcement reaches: all operating enterprises of the board, or those
    in the chosen zones and sectors (both when both are given) plus those chosen by name."""
    base = Enterprise.objects.filter(zone__board=board).exclude(status=EnterpriseStatus.CLOSED)
    if audience == Audience.ALL:
        return base
    zones, sectors, chosen = list(zones or []), list(sectors or []), list(enterprises or [])
    condition = Q(pk__in=[])
    if zones or sectors:
        group = Q()
        if zones:
            group &= Q(zone__in=zones)
        if sectors:
            group &= Q(sector__in=sectors)
        condition |= group
    if chosen:
        condition |= Q(pk__in=[getattr(e, "pk", e) for e in chosen])
    return base.filter(condition)


def _recipient_pairs(enterprises):
    """[(user, enterprise_id)] of active users of the enterprises, each user once."""
    links = (EnterpriseUser.objects.filter(enterprise__in=enterprises, user__is_active=True)
             .select_related("user").order_by("enterprise_id", "user_id"))
    seen, pairs = set(), []
    for link in links:
        if link.user_id not in seen:
            seen.add(link.user_id)
            pairs.append((link.user, link.enterprise_id))
    return pairs


def announcement_preview(*, board, audience, zones=(), sectors=(), enterprises=()) -> dict:
    """How many enterprises and user accounts an announcement would reach."""
    reached = announcement_enterprises(board=board, audience=audience, zones=zones, sectors=sectors,
                                       enterprises=enterprises)
    users = (EnterpriseUser.objects.filter(enterprise__in=reached, user__is_active=True)
             .values("user_id").distinct().count())
    return {"enterprises": reached.count(), "users": users}


def _check_attachment(upload):
    if not upload:
        return
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"attachment": _("Tệp đính kèm quá lớn (%(size)s); tối đa %(limit)s.") % {
            "size": filesizeformat(upload.size), "limit": filesizeformat(ATTACHMENT_MAX_BYTES)}})
    if Path(upload.name or "").suffix.lower() not in ATTACHMENT_SUFFIXES:
        raise ValidationError({"attachment": _(
            "Chỉ đính kèm được tệp PDF, Word, Excel, ảnh JPEG/PNG hoặc ZIP.")})


def announcement_send(*, user, data: dict) -> Announcement:
    """Save the announcement and send it to every user of every enterprise it reaches."""
    if not role_allows(user, Announcement, Action.ADD):
        raise PermissionDenied
    data = dict(data)
    board = data.get("board")
    if board is None or not announcement_boards(user).filter(pk=board.pk).exists():
        raise ValidationError({"board": _("Bạn không gửi thông báo thay cho Ban quản lý này được.")})
    audience = data.get("audience") or Audience.ALL
    zones, sectors, chosen = list(data.get("zones") or []), list(data.get("sectors") or []), list(
        data.get("enterprises") or [])
    if audience == Audience.SELECTED and not (zones or sectors or chosen):
        raise ValidationError({"audience": _("Hãy chọn khu công nghiệp, ngành hoặc doanh nghiệp nhận thông báo.")})
    if any(zone.board_id != board.pk for zone in zones):
        raise ValidationError({"zones": _("Khu công nghiệp được chọn không thuộc Ban quản lý này.")})
    if any(enterprise.zone.board_id != board.pk for enterprise in chosen):
        raise ValidationError({"enterprises": _("Doanh nghiệp được chọn không thuộc Ban quản lý này.")})
    upload = data.get("attachment")
    _check_attachment(upload)
    with transaction.atomic():
        announcement = Announcement(
            board=board, title=(data.get("title") or "").strip(), body=(data.get("body") or "").strip(),
            audience=audience, sectors=sectors, channels=[str(c) for c in ANNOUNCEMENT_CHANNELS],
            sent_at=timezone.now(), sent_by=user,
        )
        if upload:
            announcement.attachment_name = Path(upload.name).name[:255]
            announcement.attachment.save(upload.name, upload, save=False)
        announcement.full_clean()
        announcement._history_user = user
        announcement.save()
        announcement.zones.set(zones if audience == Audience.SELECTED else [])
        announcement.enterprises.set(chosen if audience == Audience.SELECTED else [])
        reached = announcement_enterprises(board=board, audience=audience, zones=zones, sectors=sectors,
                                           enterprises=chosen)
        pairs = _recipient_pairs(reached)
        if not pairs:
            raise ValidationError(_("Không có doanh nghiệp nào có tài khoản nhận thông báo này."))
        notifications = notify(recipients=[u for u, _e in pairs], title=announcement.title,
                               body=announcement.body, url=announcement.get_absolute_url(),
                               channels=ANNOUNCEMENT_CHANNELS)
        AnnouncementRecipient.objects.bulk_create(
            AnnouncementRecipient(announcement=announcement, user=u, enterprise_id=e, notification=n)
            for (u, e), n in zip(pairs, notifications, strict=True)
        )
    return announcement


def announcement_stats(announcement) -> dict:
    """Per channel how many deliveries went out, failed or wait; how many read in the app."""
    recipients = announcement.recipients.all()
    rows = (Delivery.objects.filter(notification__announcement_recipient__announcement=announcement)
            .values("channel", "status").annotate(n=Count("pk")))
    channels = {str(c): {"sent": 0, "failed": 0, "queued": 0} for c in announcement.channels}
    for row in rows:
        channels.setdefault(row["channel"], {"sent": 0, "failed": 0, "queued": 0})[row["status"]] = row["n"]
    labels = dict(ChannelName.choices)
    return {
        "recipients": recipients.count(),
        "enterprises": recipients.values("enterprise_id").distinct().count(),
        "read": recipients.filter(notification__read_at__isnull=False).count(),
        "channels": [{"channel": name, "label": str(labels.get(name, name)), **counts}
                     for name, counts in channels.items()],
    }


def announcement_list(*, user):
    return Announcement.objects.restrict(user, Action.VIEW).select_related("board", "sent_by")


def announcement_mark_read(*, user, announcement) -> None:
    """An enterprise user opening the announcement has read it (its inbox entry too)."""
    if user.role != Role.ENTERPRISE:
        return
    Notification.objects.filter(announcement_recipient__announcement=announcement, recipient=user,
                                read_at__isnull=True).update(read_at=timezone.now())
