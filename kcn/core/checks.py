from django.conf import settings
from django.core.checks import Warning, register


@register()
def production_settings(app_configs, **kwargs):
    issues = []
    if settings.PRODUCTION and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        issues.append(
            Warning(
                "KCN_ENV=production runs on SQLite.",
                hint="Set DATABASE_URL=postgres://... for a multi-user deployment.",
                id="kcn.W001",
            )
        )
    return issues
