from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    name = "kcn.tracing"
    label = "tracing"
    verbose_name = _("Truy vết ca bệnh")

    def ready(self):
        from . import permissions  # noqa: F401
