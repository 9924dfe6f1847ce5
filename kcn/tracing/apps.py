from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    name = "kcn.tracing"
    label = "tracing"
    verbose_name = _("Truy vết ca bệnh")

    def ready(self):
        from kcn.core.demo import register

        from . import home, permissions, prefill  # noqa: F401
        from .demo import load_tracing_demo

        register(load_tracing_demo)
