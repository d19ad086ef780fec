"""Input and output shapes of the feed API (posts, comments, reactions, follows)."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from feed import selectors
from feed.models import Comment, Post, PostKind, PreviewState, ReactionKind
from groups.api.serializers import inline_choice_field
from network.api.serializers import MemberSerializer


class CommentSerializer(serializers.ModelSerializer):
    """A comment: plain text; clients make links clickable and never render it as HTML."""

    author = MemberSerializer()

    class Meta:
        model = Comment
        fields = ["id", "post", "author", "body", "created_at", "edited_at"]


class GroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PreviewSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=PreviewState.choices, source="preview_state")
    title = serializers.CharField(source="preview_title")
    description = serializers.CharField(source="preview_description")
    image_url = serializers.CharField(source="preview_image_url")
    site_name = serializers.CharField(source="preview_site_name")


class PostSerializer(serializers.ModelSerializer):
    """A post as the viewer sees it (from feed.selectors.with_details)."""

    author = MemberSerializer()
    group = GroupRefSerializer(allow_null=True)
    preview = PreviewSerializer(source="*")
    comment_count = serializers.IntegerField()
    reaction_count = serializers.IntegerField()
    kind = inline_choice_field(PostKind.values)
    viewer_reaction = inline_choice_field(ReactionKind.values, allow_null=True)
    recent_comments = serializers.SerializerMethodField(help_text="The latest few, oldest first.")

    class Meta:
        model = Post
        fields = [
            "id",
            "author",
            "group",
            "kind",
            "status",
            "title",
            "body",
            "link_url",
            "preview",
            "created_at",
            "edited_at",
            "comment_count",
            "reaction_count",
            "viewer_reaction",
            "recent_comments",
        ]

    @extend_schema_field(CommentSerializer(many=True))
    def get_recent_comments(self, post: Post) -> list[dict[str, Any]]:
        comments = selectors.recent_comments(post)
        return list(CommentSerializer(comments, many=True, context=self.context).data)


class PostInputSerializer(serializers.Serializer):
    kind = inline_choice_field(PostKind.values, default=PostKind.STATUS)
    body = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)
    link_url = serializers.CharField(allow_blank=True, default="", max_length=2000)
    title = serializers.CharField(allow_blank=True, default="", max_length=200)


class PostEditInputSerializer(serializers.Serializer):
    """The fields to change (any of them); the kind stays. Validated as at creation."""

    body = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    link_url = serializers.CharField(allow_blank=True, required=False, max_length=2000)
    title = serializers.CharField(allow_blank=True, required=False, max_length=200)


class CommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ReactionInputSerializer(serializers.Serializer):
    kind = inline_choice_field(ReactionKind.values, default=ReactionKind.LIKE)


class ReactionOutcomeSerializer(serializers.Serializer):
    post = serializers.IntegerField()
    reaction_count = serializers.IntegerField()
    viewer_reaction = inline_choice_field(ReactionKind.values, allow_null=True)


class FollowSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    following = serializers.BooleanField(
        help_text="Explicitly followed, or connected and not unfollowed (connections follow "
        "each other until one unfollows)."
    )
