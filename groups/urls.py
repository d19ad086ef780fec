from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("<id:group_id>/", views.group_detail, name="detail"),
    path("<id:group_id>/members/", views.group_members, name="members"),
    path("<id:group_id>/manage/", views.group_manage, name="manage"),
    path("<id:group_id>/post", views.group_post_create, name="post_create"),
    path("<id:group_id>/<slug:action>", views.group_action, name="action"),
]
