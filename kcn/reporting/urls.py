"""Reporting pages (namespace "reporting", mounted under /reporting/): filling reports (urls_forms,
with Excel: urls_uploads), following them (urls_overview, urls_trends), exporting them
(urls_exports, urls_data), designing templates and schedules (urls_design)."""

from . import urls_data, urls_design, urls_exports, urls_forms, urls_overview, urls_trends, urls_uploads

app_name = "reporting"

urlpatterns = [
    *urls_forms.urlpatterns,
    *urls_uploads.urlpatterns,
    *urls_overview.urlpatterns,
    *urls_trends.urlpatterns,
    *urls_exports.urlpatterns,
    *urls_data.urlpatterns,
    *urls_design.urlpatterns,
]
