from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "kcn.training"
    label = "training"
    verbose_name = _("Đào tạo")

    def ready(self):
        from . import home, permissions  # noqa: F401
