from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "kcn.network"
    label = "network"
    verbose_name = _("Mạng lưới tư vấn SXSH")

    def ready(self):
        from kcn.core.demo import register

        from . import home, permissions, profile  # noqa: F401
        from .demo import load_network_demo

        register(load_network_demo)
