from django.urls import path

from feed import views

app_name = "feed"

urlpatterns = [
    path("feed/more", views.feed_more, name="more"),
    path("posts/new", views.post_create, name="post_create"),
    path("posts/new/article", views.article_create, name="article"),
    path("posts/new/link-preview", views.link_preview, name="link_preview"),
    path("posts/<id:post_id>/", views.post_detail, name="post"),
    path("posts/<id:post_id>/comment", views.comment_create, name="comment"),
    path("posts/<id:post_id>/react", views.post_react, name="react"),
    path("posts/<id:post_id>/delete", views.post_delete, name="delete"),
    path("posts/<id:post_id>/edit", views.post_edit, name="edit"),
    path("comments/<id:comment_id>/edit", views.comment_edit, name="comment_edit"),
    path("members/<id:member_id>/follow", views.member_follow, name="follow"),
    path("members/<id:member_id>/mute", views.member_mute, name="mute"),
]
