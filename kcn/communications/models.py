"""Notifications: the in-app inbox and one delivery record per channel a notification goes out on.

These are plain models, not ``KcnModel``: a notification is written once and then only marked
read, so an audit history of it would double every write and tell nobody anything.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kcn.accounts.choices import Role
from kcn.core.files import stored_name
from kcn.core.models import KcnModel, RestrictedQuerySet

from .choices import Audience, ChannelName, DeliveryStatus


class Notification(models.Model):
    """A message to one user; what the inbox lists. Its ``deliveries`` say how it went out."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE,
                                  related_name="notifications")
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]
        verbose_name = _("thông báo")
        verbose_name_plural = pgettext_lazy("plural", "thông báo")

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, user, action):
        # Everyone, administrators included, sees only their own inbox.
        return Q(recipient=user)

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def channel_results(self) -> dict[str, str]:
        """{"email": "sent", "zalo": "failed", ...} for the notification's deliveries."""
        return {delivery.channel: delivery.status for delivery in self.deliveries.all()}


class Delivery(models.Model):
    """One notification on one channel. Unique per channel, so a retry can never send it twice."""

    notification = models.ForeignKey(Notification, verbose_name=_("thông báo"), on_delete=models.CASCADE,
                                     related_name="deliveries")
    channel = models.CharField(_("kênh"), max_length=16, choices=ChannelName.choices)
    status = models.CharField(_("trạng thái"), max_length=16, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    external_id = models.CharField(_("mã bên ngoài"), max_length=255, blank=True,
                                   help_text=_("Message-ID của thư, message_id của Zalo."))
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["notification", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_one_per_channel"),
        ]
        indexes = [models.Index(fields=["status", "channel"], name="delivery_status")]
        verbose_name = _("lượt gửi")
        verbose_name_plural = pgettext_lazy("plural", "lượt gửi")

    def __str__(self):
        return f"{self.notification} → {self.get_channel_display()} ({self.get_status_display()})"

    @classmethod
    def scope_q(cls, user, action):
        return Q(notification__recipient=user)


class ZaloFollower(models.Model):
    """The Zalo user id under which a user follows the board's Official Account.

    Zalo OA can write only to people who follow it, and knows them by an id of its own; the id
    arrives by the OA's follow webhook or is entered by an administrator.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE,
                                related_name="zalo_follower")
    zalo_user_id = models.CharField(_("mã người dùng Zalo"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("người theo dõi Zalo OA")
        verbose_name_plural = pgettext_lazy("plural", "người theo dõi Zalo OA")

    def __str__(self):
        return f"{self.user} ({self.zalo_user_id})"

    @classmethod
    def scope_q(cls, user, action):
        # Administrators link accounts for everyone (permissions.py); others see their own link.
        return None if user.role == Role.ADMIN else Q(user=user)


# --- Announcements of the board (thông báo của Ban) -------------------------------------------


def announcement_attachment_to(instance, filename):
    return stored_name("announcements", filename)


def _announcement_scope(user, action):
    """The board's leaders and staff see the board's announcements; an enterprise those addressed
    to it (through its recipient rows); the administrator all of them."""
    from kcn.registry.scope import reach_of

    reach = reach_of(user)
    if reach.everything:
        return None
    if user.role == Role.ENTERPRISE:
        addressed = AnnouncementRecipient.objects.filter(enterprise__in=reach.enterprises).values("announcement_id")
        return Q(pk__in=addressed)
    return Q(board__in=reach.boards)


class Announcement(KcnModel):
    """An announcement the board sends to all its enterprises or a selection, on every channel.

    It is sent as soon as it is saved: one notification per user of each enterprise reached
    (``AnnouncementRecipient`` keeps which), whose deliveries give the per-channel figures.
    """

    board = models.ForeignKey("registry.Board", verbose_name=_("ban quản lý"), on_delete=models.PROTECT,
                              related_name="announcements")
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    attachment = models.FileField(_("tệp đính kèm"), upload_to=announcement_attachment_to, blank=True)
    attachment_name = models.CharField(_("tên tệp đính kèm"), max_length=255, blank=True)
    audience = models.CharField(_("gửi đến"), max_length=16, choices=Audience.choices, default=Audience.ALL)
    zones = models.ManyToManyField("registry.Zone", verbose_name=_("khu công nghiệp"), blank=True,
                                   related_name="+")
    sectors = models.JSONField(_("ngành"), default=list, blank=True)
    enterprises = models.ManyToManyField("registry.Enterprise", verbose_name=_("doanh nghiệp được chọn"),
                                         blank=True, related_name="+")
    channels = models.JSONField(_("kênh gửi"), default=list)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT,
                                related_name="+", null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("thông báo của Ban")
        verbose_name_plural = pgettext_lazy("plural", "thông báo của Ban")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("communications:announcement_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return _announcement_scope(user, action)


class AnnouncementRecipient(models.Model):
    """One user of one enterprise reached by an announcement, with the notification sent to them."""

    announcement = models.ForeignKey(Announcement, verbose_name=_("thông báo của Ban"), on_delete=models.CASCADE,
                                     related_name="recipients")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE,
                             related_name="+")
    notification = models.OneToOneField(Notification, verbose_name=_("thông báo"), on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="announcement_recipient")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["announcement", "enterprise", "user"]
        constraints = [models.UniqueConstraint(fields=["announcement", "user"], name="announcement_recipient_once")]
        verbose_name = _("người nhận thông báo của Ban")
        verbose_name_plural = pgettext_lazy("plural", "người nhận thông báo của Ban")

    def __str__(self):
        return f"{self.announcement} → {self.user}"

    @classmethod
    def scope_q(cls, user, action):
        from kcn.registry.scope import reach_of

        reach = reach_of(user)
        if reach.everything:
            return None
        if user.role == Role.ENTERPRISE:
            return Q(enterprise__in=reach.enterprises)
        return Q(announcement__board__in=reach.boards)
