from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "kcn.prevention"
    label = "prevention"
    verbose_name = _("Cấp độ dịch và phương án")

    def ready(self):
        from kcn.core.demo import register

        from . import home, permissions, profile  # noqa: F401
        from .demo import load_prevention_demo

        register(load_prevention_demo)
