from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    name = "kcn.workers"
    label = "workers"
    verbose_name = _("Người lao động")

    def ready(self):
        from . import demo, home, permissions, prefill, profile  # noqa: F401
