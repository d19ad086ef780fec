from django.urls import path

from network import views

urlpatterns = [
    path("in/<int:member_id>/", views.profile_detail, name="profile"),
]
