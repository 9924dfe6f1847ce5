from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "kcn.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self):
        from . import demo, home, permissions  # noqa: F401
