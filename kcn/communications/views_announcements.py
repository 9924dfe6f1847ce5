"""Pages of the board's announcements: the list, composing one (with the number of recipients
shown as the selection changes) and one announcement with its delivery figures per channel."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from kcn.core.choices import Action
from kcn.core.exporters import ExportColumn
from kcn.core.views import ObjectDetailView, ObjectListView, ScopedViewMixin, _attach_errors

from . import announcements
from .announcements_forms import AnnouncementFilterSet, AnnouncementForm, AnnouncementTable
from .models import Announcement


class AnnouncementListView(ObjectListView):
    model = Announcement
    queryset = Announcement.objects.select_related("board").annotate(recipient_count=Count("recipients"))
    filterset_class = AnnouncementFilterSet
    table_class = AnnouncementTable
    add_url_name = "communications:announcement_add"
    export_name = "thong-bao-cua-ban"

    @staticmethod
    def export_columns(request):
        return [
            ExportColumn(_("Gửi lúc"), lambda r: r.sent_at),
            ExportColumn(_("Tiêu đề"), lambda r: r.title),
            ExportColumn(_("Nội dung"), lambda r: r.body),
            ExportColumn(_("Gửi đến"), lambda r: r.get_audience_display()),
            ExportColumn(_("Số người nhận"), lambda r: r.recipient_count),
        ]


class AnnouncementComposeView(ScopedViewMixin, View):
    model = Announcement
    template_name = "communications/announcements/compose.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.can(Action.ADD):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(AnnouncementForm(user=request.user))

    def post(self, request):
        form = AnnouncementForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                announcement = announcements.announcement_send(user=request.user, data=form.cleaned_data)
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã gửi thông báo đến %(n)s người nhận.") % {
                    "n": announcement.recipients.count()})
                return redirect(announcement.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "preview": _preview(form)}, status=status)


def _preview(form):
    """The recipient count of what the form holds so far (None when it cannot be known yet)."""
    data = form.data if form.is_bound else None
    if data is None:
        board = form.fields["board"].initial
        if board is None:
            return None
        return announcements.announcement_preview(board=board, audience="all")
    board_field, audience = form.fields["board"], data.get("audience") or "all"
    try:
        board = board_field.clean(data.get("board"))
        zones = form.fields["zones"].clean(data.getlist("zones"))
        sectors = form.fields["sectors"].clean(data.getlist("sectors"))
        chosen = form.fields["enterprises"].clean(data.getlist("enterprises"))
    except ValidationError:
        return None
    return announcements.announcement_preview(board=board, audience=audience, zones=zones, sectors=sectors,
                                              enterprises=chosen)


class AnnouncementPreviewView(AnnouncementComposeView):
    """htmx: the "will reach N enterprises, M accounts" line for the form as it stands."""

    def post(self, request):
        form = AnnouncementForm(request.POST, user=request.user)
        return render(request, "communications/announcements/_preview.html", {"preview": _preview(form)})


class AnnouncementDetailView(ObjectDetailView):
    model = Announcement
    queryset = Announcement.objects.select_related("board", "sent_by")
    template_name = "communications/announcements/detail.html"

    def extra_context(self, announcement):
        user = self.request.user
        announcements.announcement_mark_read(user=user, announcement=announcement)
        if user.role == "enterprise":
            return {"stats": None}
        return {
            "stats": announcements.announcement_stats(announcement),
            "zones": announcement.zones.all(),
            "enterprises": announcement.enterprises.all(),
        }


class AnnouncementAttachmentView(ScopedViewMixin, View):
    model = Announcement

    def get(self, request, pk):
        announcement = self.get_object(Action.VIEW)
        if not announcement.attachment:
            raise Http404
        try:
            handle = announcement.attachment.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True,
                            filename=announcement.attachment_name or announcement.attachment.name)
