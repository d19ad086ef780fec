from django.urls import path

from feed import views

app_name = "feed"

urlpatterns = [
    path("feed/more", views.feed_more, name="more"),
    path("posts/new", views.post_create, name="post_create"),
    path("posts/<int:post_id>/", views.post_detail, name="post"),
    path("posts/<int:post_id>/comment", views.comment_create, name="comment"),
    path("posts/<int:post_id>/react", views.post_react, name="react"),
    path("posts/<int:post_id>/delete", views.post_delete, name="delete"),
    path("members/<int:member_id>/follow", views.member_follow, name="follow"),
]
