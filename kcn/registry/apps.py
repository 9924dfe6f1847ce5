from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "kcn.registry"
    label = "registry"
    verbose_name = _("Danh mục")

    def ready(self):
        from . import home, permissions  # noqa: F401
