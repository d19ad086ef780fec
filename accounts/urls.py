from django.urls import path

from accounts import views

urlpatterns = [
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("me/photo", views.photo_upload, name="photo_upload"),
    path("me/photo/remove", views.photo_remove, name="photo_remove"),
    path("me/positions/add", views.position_add, name="position_add"),
    path("me/positions/<id:position_id>/delete", views.position_delete, name="position_delete"),
    path("me/education/add", views.education_add, name="education_add"),
    path(
        "me/education/<id:education_id>/delete",
        views.education_delete,
        name="education_delete",
    ),
    path("settings/", views.settings_view, name="settings"),
    path("settings/email/resend", views.email_resend, name="email_resend"),
    path("settings/deactivate", views.deactivate, name="deactivate"),
    path("settings/delete/", views.delete_account, name="delete_account"),
    path("settings/blocked/", views.blocked_list, name="blocked_list"),
    path("settings/blocked/<id:member_id>/unblock", views.unblock_member, name="unblock_member"),
]
