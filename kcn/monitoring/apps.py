from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kcn.monitoring"
    label = "monitoring"
    verbose_name = _("Theo dõi sức khỏe")

    def ready(self):
        from kcn.core.demo import register

        from . import home, permissions, prefill  # noqa: F401
        from .demo import load_monitoring_demo

        register(load_monitoring_demo)
