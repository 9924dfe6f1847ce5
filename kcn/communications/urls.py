"""The inbox pages (namespace "communications", mounted under /notifications/)."""

from django.urls import path

from . import views

app_name = "communications"

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("<int:pk>/", views.notification_open, name="notification_open"),
    path("read-all/", views.notification_read_all, name="notification_read_all"),
]

# The board's announcements (thông báo của Ban).
from . import views_announcements  # noqa: E402

urlpatterns += [
    path("announcements/", views_announcements.AnnouncementListView.as_view(), name="announcement_list"),
    path("announcements/add/", views_announcements.AnnouncementComposeView.as_view(), name="announcement_add"),
    path("announcements/preview/", views_announcements.AnnouncementPreviewView.as_view(),
         name="announcement_preview"),
    path("announcements/<int:pk>/", views_announcements.AnnouncementDetailView.as_view(),
         name="announcement_detail"),
    path("announcements/<int:pk>/attachment/", views_announcements.AnnouncementAttachmentView.as_view(),
         name="announcement_attachment"),
]
