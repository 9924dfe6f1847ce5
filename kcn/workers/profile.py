"""The worker list on an enterprise's page (kcn.core.profile): how many, as of which upload."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.core.profile import Fact, register_fact
from kcn.registry.scope import sees_personal_data

from .models import Worker, WorkerImport


def worker_list(request, enterprise):
    """Only for those who may see the enterprise's workers (the enterprise and its department)."""
    user = request.user
    if not role_allows(user, Worker, Action.VIEW) or not sees_personal_data(user, enterprise):
        return None
    workers = Worker.objects.filter(enterprise=enterprise)
    last = WorkerImport.objects.filter(enterprise=enterprise).first()
    working = workers.filter(left_on__isnull=True).count()
    url = reverse("workers:worker_list") + f"?enterprise={enterprise.pk}"
    if not working and last is None:
        return Fact(_("Danh sách lao động"), _("Chưa tải lên"), url)
    value = _("%(count)s người đang làm việc") % {"count": formats.number_format(working, force_grouping=True)}
    if last is not None:
        day = formats.date_format(timezone.localtime(last.created_at), "SHORT_DATE_FORMAT")
        value += " · " + _("tải lên lần cuối %(day)s") % {"day": day}
    return Fact(_("Danh sách lao động"), value, url)


register_fact("registry.enterprise", worker_list, order=20)
