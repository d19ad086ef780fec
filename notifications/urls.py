from django.urls import path

from notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read", views.notifications_mark_read, name="notifications_mark_read"),
    path("notifications/badge", views.notifications_badge, name="notifications_badge"),
    path("settings/notifications/", views.notification_settings, name="notification_settings"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="notifications_unsubscribe",
    ),
]
