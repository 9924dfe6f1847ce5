from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kcn.monitoring"
    label = "monitoring"
    verbose_name = _("Theo dõi sức khỏe")

    def ready(self):
        from . import permissions  # noqa: F401
