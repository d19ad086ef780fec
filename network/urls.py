from django.urls import path

from network import views

urlpatterns = [
    path("in/<id:member_id>/", views.profile_detail, name="profile"),
    path("in/<id:member_id>/mutual/", views.mutual_connections_list, name="mutual_connections"),
    path(
        "network/suggestions/<id:member_id>/dismiss",
        views.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
]
