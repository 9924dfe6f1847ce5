from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "kcn.communications"
    label = "communications"
    verbose_name = _("Thông báo và văn bản")

    def ready(self):
        from . import home, permissions  # noqa: F401
