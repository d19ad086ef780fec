"""Admin for the feed: search posts and comments, publish posts waiting for approval and remove
posts (with their comments and reactions) and comments, all through feed.moderation, which
uses feed.services' helpers. Rows are never added or edited here: posting goes through the
services' rules (lengths, group membership, rate limits)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin
from feed import moderation
from feed.models import Comment, Follow, Post


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["id", "author", "group", "kind", "status", "created_at"]
    list_filter = ["kind", "status", "preview_state"]
    search_fields = ["body", "title", "author__email", "author__last_name", "group__name"]
    list_select_related = ["author", "group"]
    actions = ["publish"]

    @admin.action(description="Publish (approve) selected posts")
    def publish(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        published = moderation.posts_publish_as_staff(
            post_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(request, f"{published} post(s) published.", messages.SUCCESS)

    def delete_model(self, request: HttpRequest, obj: Post) -> None:
        moderation.posts_remove_as_staff(post_ids=[obj.pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        moderation.posts_remove_as_staff(post_ids=list(queryset.values_list("pk", flat=True)))


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["id", "author", "post", "created_at"]
    search_fields = ["body", "author__email", "author__last_name"]
    list_select_related = ["author"]

    def delete_model(self, request: HttpRequest, obj: Comment) -> None:
        moderation.comments_remove_as_staff(comment_ids=[obj.pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        moderation.comments_remove_as_staff(comment_ids=list(queryset.values_list("pk", flat=True)))


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ["follower", "followed", "created_at"]
    list_select_related = ["follower", "followed"]

    def delete_model(self, request: HttpRequest, obj: Follow) -> None:
        moderation.follows_remove_as_staff(follow_ids=[obj.pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Follow]) -> None:
        moderation.follows_remove_as_staff(follow_ids=list(queryset.values_list("pk", flat=True)))
