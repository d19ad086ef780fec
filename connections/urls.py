from django.urls import path

from connections import views

urlpatterns = [
    path("in/<int:member_id>/block", views.block_member, name="block_member"),
]
