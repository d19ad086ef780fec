"""Admin for the feed: search posts and comments, and remove them (with their comments and
reactions) as a moderation action."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from feed.models import Comment, Follow, Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["id", "author", "group", "kind", "status", "created_at"]
    list_filter = ["kind", "status", "preview_state"]
    search_fields = ["body", "title", "author__email", "author__last_name", "group__name"]
    raw_id_fields = ["author", "group"]
    readonly_fields = ["preview_state", "preview_title", "preview_description", "preview_image_url"]
    actions = ["publish"]

    @admin.action(description="Publish (approve) selected posts")
    def publish(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        queryset.update(status="published")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "author", "post", "created_at"]
    search_fields = ["body", "author__email", "author__last_name"]
    raw_id_fields = ["author", "post"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["follower", "followed", "created_at"]
    raw_id_fields = ["follower", "followed"]
