from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "kcn.prevention"
    label = "prevention"
    verbose_name = _("Cấp độ dịch và phương án")

    def ready(self):
        from . import permissions  # noqa: F401
