from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "kcn.inspections"
    label = "inspections"
    verbose_name = _("Kiểm tra doanh nghiệp")

    def ready(self):
        from . import permissions  # noqa: F401
