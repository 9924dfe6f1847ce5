"""The in-app inbox: a user's own notifications, unread first; opening one marks it read.

Every read goes through the selectors and every write through the services, both of which reach
rows only through ``Notification.objects.restrict(user, ...)``: someone else's notification is
"not found", exactly like one that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services

PAGE_SIZE = 25


@require_GET
@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.notification_inbox(user=request.user, unread_only=unread_only)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "communications/notification_list.html", {
        "page": page, "unread_only": unread_only,
        "unread_count": selectors.notification_unread_count(user=request.user),
    })


@require_GET
@login_required
def notification_open(request, pk):
    """Mark the notification read and go where it points (the inbox if it points nowhere).

    A GET, like opening a message in a mail client: it changes nothing but the user's own
    "read" mark, and is safe to repeat.
    """
    try:
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("communications:notification_list")


@require_POST
@login_required
def notification_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, ngettext("Đã đánh dấu %(count)s thông báo là đã đọc.",
                                           "Đã đánh dấu %(count)s thông báo là đã đọc.", count) % {"count": count})
    else:
        messages.info(request, _("Không còn thông báo nào chưa đọc."))
    return redirect(reverse("communications:notification_list"))
