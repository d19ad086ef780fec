"""Every REST endpoint under /api/v1/ (API.md)."""

from django.urls import path

from accounts.api import views as accounts
from connections.api import views as connections
from network.api import views as network

urlpatterns = [
    path("auth/register", accounts.RegisterApi.as_view(), name="register"),
    path("auth/token", accounts.TokenObtainApi.as_view(), name="token"),
    path("auth/token/refresh", accounts.TokenRefreshApi.as_view(), name="token-refresh"),
    path("auth/logout", accounts.LogoutApi.as_view(), name="logout"),
    path("me", accounts.MeApi.as_view(), name="me"),
    path("me/photo", accounts.MePhotoApi.as_view(), name="me-photo"),
    path("me/positions", accounts.PositionListApi.as_view(), name="positions"),
    path("me/positions/<int:position_id>", accounts.PositionDetailApi.as_view(), name="position"),
    path("me/education", accounts.EducationListApi.as_view(), name="education-list"),
    path(
        "me/education/<int:education_id>",
        accounts.EducationDetailApi.as_view(),
        name="education-detail",
    ),
    path("me/settings", accounts.MeSettingsApi.as_view(), name="settings"),
    path("me/deactivate", accounts.MeDeactivateApi.as_view(), name="deactivate"),
    path("me/delete", accounts.MeDeleteApi.as_view(), name="delete"),
    path("members/<int:member_id>", network.MemberDetailApi.as_view(), name="member"),
    path("blocks", connections.BlockListApi.as_view(), name="blocks"),
    path("blocks/<int:member_id>", accounts.BlockDetailApi.as_view(), name="block"),
]
