from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "kcn.training"
    label = "training"
    verbose_name = _("Đào tạo")

    def ready(self):
        from kcn.core.demo import register

        from . import home, permissions  # noqa: F401
        from .demo import load_training_demo

        register(load_training_demo)
