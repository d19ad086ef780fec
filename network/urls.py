from django.urls import path

from network import views

urlpatterns = [
    path("in/<int:member_id>/", views.profile_detail, name="profile"),
    path(
        "network/suggestions/<int:member_id>/dismiss",
        views.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
]
