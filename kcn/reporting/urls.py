"""Reporting pages: filling reports (urls_forms), following them (urls_overview), exporting them
(urls_exports)."""

from . import urls_exports, urls_forms, urls_overview

app_name = "reporting"

urlpatterns = urls_forms.urlpatterns + urls_overview.urlpatterns + urls_exports.urlpatterns
