from django.urls import path

from network import views

urlpatterns = [
    path("in/<id:member_id>/", views.profile_detail, name="profile"),
    path(
        "network/suggestions/<id:member_id>/dismiss",
        views.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
]
