from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "kcn.inspections"
    label = "inspections"
    verbose_name = _("Kiểm tra doanh nghiệp")

    def ready(self):
        from kcn.core.demo import register

        from . import home, permissions  # noqa: F401
        from .demo import load_inspections_demo

        register(load_inspections_demo)
