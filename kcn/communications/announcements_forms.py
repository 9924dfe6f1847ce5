"""The compose form, the list filter and the list table of the board's announcements."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from kcn.core.choices import Action
from kcn.core.filtersets import KcnFilterSet, scoped
from kcn.core.forms import KcnForm
from kcn.core.tables import Column, Table, link_to_self
from kcn.registry.choices import Sector
from kcn.registry.models import Board, Enterprise, Zone

from .announcements import announcement_boards
from .choices import Audience
from .models import Announcement


class AnnouncementForm(KcnForm):
    board = forms.ModelChoiceField(label=_("Ban quản lý"), queryset=Board.objects.none())
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label=_("Tệp đính kèm (không bắt buộc)"), required=False,
                                 help_text=_("PDF, Word, Excel, ảnh JPEG/PNG hoặc ZIP, tối đa 10 MB."))
    audience = forms.ChoiceField(label=_("Gửi đến"), choices=Audience.choices, initial=Audience.ALL,
                                 widget=forms.RadioSelect)
    zones = forms.ModelMultipleChoiceField(label=_("Khu công nghiệp"), queryset=Zone.objects.none(), required=False)
    sectors = forms.MultipleChoiceField(label=_("Ngành"), choices=Sector.choices, required=False)
    enterprises = forms.ModelMultipleChoiceField(label=_("Doanh nghiệp được chọn"), queryset=Enterprise.objects.none(),
                                                 required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        boards = announcement_boards(self.user)
        self.fields["board"].queryset = boards
        if boards.count() == 1:
            self.fields["board"].initial = boards.first()
        self.fields["zones"].queryset = Zone.objects.restrict(self.user, Action.VIEW).filter(board__in=boards)
        self.fields["enterprises"].queryset = (Enterprise.objects.restrict(self.user, Action.VIEW)
                                               .filter(zone__board__in=boards).select_related("zone"))
        for name in ("zones", "sectors", "enterprises"):
            self.fields[name].widget.attrs["size"] = 6
        self.fields["audience"].widget.attrs["class"] = "form-check-input"


class AnnouncementFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    board = django_filters.ModelChoiceFilter(queryset=scoped(Board), label=_("Ban quản lý"))

    class Meta:
        model = Announcement
        fields = ["q", "board"]

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value)


class AnnouncementTable(Table):
    columns = [
        Column("sent_at", _("Gửi lúc"), order_by=("sent_at",)),
        Column("title", _("Tiêu đề"), link=link_to_self, order_by=("title",)),
        Column("audience", _("Gửi đến"), value=lambda r: r.get_audience_display()),
        Column("recipient_count", _("Số người nhận"), numeric=True),
    ]
    default_order = ("-sent_at",)
