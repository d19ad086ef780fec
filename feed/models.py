"""Posts (status updates, links, articles; on a member's feed or in a group's discussion),
comments, reactions and follows.

One Post table serves the home feed and group discussions, so comments, reactions, blocks and
deletion follow one rule. A group post has `group` set and is seen by the group's members only;
deleting a post deletes its comments and reactions (CASCADE, in the database).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class PostKind(models.TextChoices):
    STATUS = "status", "Status update"
    LINK = "link", "Link"
    ARTICLE = "article", "Article"


class PostStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Waiting for a manager's approval"


class PreviewState(models.TextChoices):
    NONE = "none", "No link"
    PENDING = "pending", "Being fetched"
    READY = "ready", "Ready"
    FAILED = "failed", "Not available"


class Post(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts", db_index=False
    )
    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="posts"
    )
    kind = models.CharField(max_length=10, choices=PostKind.choices, default=PostKind.STATUS)
    status = models.CharField(
        max_length=10, choices=PostStatus.choices, default=PostStatus.PUBLISHED
    )
    title = models.CharField(max_length=200, blank=True, help_text="Articles only.")
    body = models.TextField(blank=True)
    link_url = models.URLField(max_length=2000, blank=True)
    # The link preview, filled by feed.tasks from the page's Open Graph tags.
    preview_state = models.CharField(
        max_length=10, choices=PreviewState.choices, default=PreviewState.NONE
    )
    preview_title = models.CharField(max_length=300, blank=True)
    preview_description = models.CharField(max_length=500, blank=True)
    preview_image_url = models.URLField(max_length=2000, blank=True)
    preview_site_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set by feed.services.post_edit; shown as "edited" with this time.
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(body="") | ~Q(link_url=""), name="feed_post_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(kind="link") | ~Q(link_url=""), name="feed_post_link_has_url"
            ),
            models.CheckConstraint(
                condition=~Q(kind="article") | ~Q(title=""), name="feed_post_article_has_title"
            ),
        ]
        indexes = [
            # The home feed: "posts by these authors, newest first" (member posts only).
            models.Index(
                fields=["author", "-created_at", "-id"],
                condition=Q(group__isnull=True),
                name="feed_post_author_idx",
            ),
            # Newest-first over everything: the planner's choice for viewers who follow many.
            models.Index(fields=["-created_at", "-id"], name="feed_post_recent_idx"),
            # A group's discussion, newest first.
            models.Index(
                fields=["group", "-created_at", "-id"],
                condition=Q(group__isnull=False),
                name="feed_post_group_idx",
            ),
            # A member's posts of the last hour, in or out of groups (feed.policies' rate
            # limit); also what deleting a member cascades through.
            models.Index(fields=["author", "created_at"], name="feed_post_author_time_idx"),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} by {self.author_id}"


class Comment(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="post_comments",
        db_index=False,  # feed_comment_author_time_idx leads with it
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    # Set by feed.services.comment_edit; shown as "edited" with this time.
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="feed_comment_not_empty"),
        ]
        indexes = [
            models.Index(fields=["post", "created_at", "id"], name="feed_comment_post_idx"),
            # A member's comments of the last hour (feed.policies' rate limit).
            models.Index(fields=["author", "created_at"], name="feed_comment_author_time_idx"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.post_id}"


class ReactionKind(models.TextChoices):
    LIKE = "like", "Like"
    CELEBRATE = "celebrate", "Celebrate"
    SUPPORT = "support", "Support"
    INSIGHTFUL = "insightful", "Insightful"


class Reaction(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reactions", db_index=False
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_reactions"
    )
    kind = models.CharField(max_length=12, choices=ReactionKind.choices, default=ReactionKind.LIKE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # One reaction per member and post; leads with post, so it also serves counts.
            models.UniqueConstraint(fields=["post", "member"], name="feed_reaction_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.post_id}"


class Follow(models.Model):
    """An explicit follow. Connections follow each other implicitly: the feed query reads
    connections_connection rows too (docs/groups.md)."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following", db_index=False
    )
    followed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="feed_follow_once"),
            models.CheckConstraint(
                condition=~Q(follower=models.F("followed")), name="feed_follow_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.followed_id}"


class Unfollow(models.Model):
    """A connection's implicit follow turned off: the follower stays connected but no longer
    sees the followed member's posts in the home feed (until they follow again)."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="unfollowing",
        db_index=False,
    )
    followed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unfollowers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="feed_unfollow_once"),
            models.CheckConstraint(
                condition=~Q(follower=models.F("followed")), name="feed_unfollow_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} unfollowed {self.followed_id}"


class Mute(models.Model):
    """A member muted: none of their posts reach the muter's home feed (groups' posts
    included); connection, follows, comments and messaging are untouched."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes", db_index=False
    )
    muted = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_by"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "muted"], name="feed_mute_once"),
            models.CheckConstraint(
                condition=~Q(member=models.F("muted")), name="feed_mute_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} muted {self.muted_id}"
