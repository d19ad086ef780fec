"""Top-level routes: pages, allauth flows, admin, the API and its schema."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import views
from exports import views as export_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("connections.urls")),
    path("", include("network.urls")),
    path("messages/", include("messaging.urls")),
    path("groups/", include("groups.urls")),
    path("", include("feed.urls")),
    path("", include("notifications.urls")),
    path("search/", include("search.urls")),
    path("", include("moderation.urls")),
    path("", include("exports.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include(("config.api_urls", "api"), namespace="api")),
    # Last among the API's routes: a bad id (`members/abc`, beyond bigint) or an unknown path.
    re_path(r"^api/(?P<unmatched>.*)$", views.api_not_found, name="api-not-found"),
    # Uploaded photos. In production put a CDN or the proxy in front of MEDIA_ROOT instead.
    # Data exports (exports/) are never media: only their member downloads them, through
    # exports.views, so this route refuses their folder.
    re_path(r"^media/(?P<path>.*)$", export_views.media),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
