"""Reporting pages: filling reports (urls_forms) and following them (urls_overview)."""

from . import urls_forms, urls_overview

app_name = "reporting"

urlpatterns = urls_forms.urlpatterns + urls_overview.urlpatterns
