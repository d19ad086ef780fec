"""REST endpoints of the feed and of group discussions. Thin: parse, call, serialize.

A post the viewer may not see is the same 404 `post_not_found` as a missing one; under
/groups/{id} the group's own 404 comes first (groups.selectors).
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.views import valid_input
from accounts.auth import current_member
from accounts.models import User
from core.pagination import CursorPagination
from feed import selectors, services
from feed.api import serializers as s
from feed.exceptions import PostNotFound
from feed.models import Comment, Post
from groups import policies as group_policies
from groups.models import Group
from groups.selectors import access_group
from network.api.lists import MemberPageApi
from network.api.serializers import member_context


class PostPagination(CursorPagination):
    ordering = ("-created_at", "-id")  # type: ignore[assignment]


class CommentPagination(CursorPagination):
    ordering = ("created_at", "id")  # type: ignore[assignment]


def _people(posts: list[Post]) -> list[User]:
    people: list[User] = []
    for post in posts:
        people.append(post.author)
        people += [comment.author for comment in selectors.recent_comments(post)]
    return people


def _post_data(viewer: User, post_id: int) -> dict[str, Any]:
    post = selectors.post_detail(viewer=viewer, post_id=post_id)
    return dict(s.PostSerializer(post, context=member_context(viewer, _people([post]))).data)


def _member_group(viewer: User, group_id: int) -> Group:
    group = access_group(viewer=viewer, group_id=group_id)
    reason = group_policies.member_block_reason(group)
    if reason is not None:
        raise reason
    return group


def _group_post(viewer: User, group_id: int, post_id: int) -> Post:
    group = _member_group(viewer, group_id)
    post = selectors.access_post(viewer=viewer, post_id=post_id)
    if post.group_id != group.pk:
        raise PostNotFound()
    return post


def _create_post(request: Request, group_id: int | None = None) -> Response:
    """Post on the member's feed or (a group's 404 and membership first, before the body's
    400) in a group; answer 201 with the post as GET shows it."""
    member = current_member(request)
    if group_id is not None:
        _member_group(member, group_id)
    data = valid_input(s.PostInputSerializer, request)
    post = services.post_create(author=member, group_id=group_id, **data)
    return Response(_post_data(member, post.pk), status=status.HTTP_201_CREATED)


class _PostListApi(MemberPageApi):
    serializer_class = s.PostSerializer
    pagination_class = PostPagination

    def posts(self) -> QuerySet[Post]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Post]:
        if getattr(self, "swagger_fake_view", False):
            return Post.objects.none()
        return self.posts()

    def members_in(self, rows: Sequence[Any]) -> list[User]:
        return _people(list(rows))


class FeedApi(_PostListApi):
    """The home feed, newest first: own posts, connections' and followed members' posts and
    the published posts of the viewer's groups. Blocked members' posts never show."""

    def posts(self) -> QuerySet[Post]:
        return selectors.home_feed(current_member(self.request))


class PostCreateApi(APIView):
    @extend_schema(
        description="Post a status update, a link (preview made in the background) or an "
        "article, on your feed. At most POSTS_HOURLY_LIMIT posts an hour (429 "
        "`post_rate_limited`, with Retry-After).",
        request=s.PostInputSerializer,
        responses={201: s.PostSerializer},
    )
    def post(self, request: Request) -> Response:
        return _create_post(request)


class PostDetailApi(APIView):
    @extend_schema(responses={200: s.PostSerializer})
    def get(self, request: Request, post_id: int) -> Response:
        return Response(_post_data(current_member(request), post_id))

    @extend_schema(
        description="Edit your own post: `body`, `link_url`, `title` (any of them; the kind "
        "stays), validated as at creation; sets `edited_at`. A changed link's preview is "
        "fetched again (`preview.state` `pending`). 404 `post_not_found` to anyone but the "
        "author.",
        request=s.PostEditInputSerializer,
        responses={200: s.PostSerializer},
    )
    def patch(self, request: Request, post_id: int) -> Response:
        member = current_member(request)
        data = valid_input(s.PostEditInputSerializer, request)
        services.post_edit(author=member, post_id=post_id, **data)
        return Response(_post_data(member, post_id))

    @extend_schema(
        description="Delete a post with its comments and reactions (author or group manager).",
        responses={204: None},
    )
    def delete(self, request: Request, post_id: int) -> Response:
        services.post_delete(member=current_member(request), post_id=post_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class _CommentListApi(MemberPageApi):
    serializer_class = s.CommentSerializer
    pagination_class = CommentPagination

    def post_for(self, viewer: User) -> Post:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Comment]:
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        viewer = current_member(self.request)
        return selectors.comments_for(viewer, self.post_for(viewer))

    def members_in(self, rows: Sequence[Any]) -> list[User]:
        return [comment.author for comment in rows]

    @extend_schema(
        description="Comment. At most COMMENTS_HOURLY_LIMIT comments an hour (429 "
        "`comment_rate_limited`, with Retry-After).",
        request=s.CommentInputSerializer,
        responses={201: s.CommentSerializer},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = current_member(request)
        post = self.post_for(member)  # the 404 before the body's 400
        data = valid_input(s.CommentInputSerializer, request)
        comment = services.comment_create(author=member, post_id=post.pk, body=data["body"])
        context = member_context(member, [member])
        return Response(
            s.CommentSerializer(comment, context=context).data, status=status.HTTP_201_CREATED
        )


class PostCommentsApi(_CommentListApi):
    """A post's comments, oldest first; comment on it (its author is told)."""

    def post_for(self, viewer: User) -> Post:
        return selectors.access_post(viewer=viewer, post_id=self.kwargs["post_id"])


class CommentDetailApi(APIView):
    @extend_schema(
        description="Edit your own comment (validated as at creation); sets `edited_at`. 404 "
        "`comment_not_found` to anyone but the author.",
        request=s.CommentInputSerializer,
        responses={200: s.CommentSerializer},
    )
    def patch(self, request: Request, comment_id: int) -> Response:
        member = current_member(request)
        data = valid_input(s.CommentInputSerializer, request)
        comment = services.comment_edit(author=member, comment_id=comment_id, body=data["body"])
        context = member_context(member, [member])
        return Response(s.CommentSerializer(comment, context=context).data)

    @extend_schema(
        description="Delete a comment (its author, the post's author, or a group manager).",
        responses={204: None},
    )
    def delete(self, request: Request, comment_id: int) -> Response:
        services.comment_delete(member=current_member(request), comment_id=comment_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _reaction_outcome(viewer: User, post_id: int) -> dict[str, Any]:
    post = selectors.post_detail(viewer=viewer, post_id=post_id)
    return {
        "post": post.pk,
        "reaction_count": post.reaction_count,  # type: ignore[attr-defined]
        "viewer_reaction": post.viewer_reaction,  # type: ignore[attr-defined]
    }


class PostReactionsApi(APIView):
    @extend_schema(
        description="React (one reaction per member; a new kind replaces the old).",
        request=s.ReactionInputSerializer,
        responses={200: s.ReactionOutcomeSerializer},
    )
    def post(self, request: Request, post_id: int) -> Response:
        member = current_member(request)
        selectors.access_post(viewer=member, post_id=post_id)
        data = valid_input(s.ReactionInputSerializer, request)
        services.reaction_set(member=member, post_id=post_id, kind=data["kind"])
        return Response(_reaction_outcome(member, post_id))

    @extend_schema(
        description="Take back your reaction.", responses={200: s.ReactionOutcomeSerializer}
    )
    def delete(self, request: Request, post_id: int) -> Response:
        member = current_member(request)
        services.reaction_remove(member=member, post_id=post_id)
        return Response(_reaction_outcome(member, post_id))


class FollowApi(APIView):
    @extend_schema(request=None, responses={200: s.FollowSerializer})
    def post(self, request: Request, member_id: int) -> Response:
        member = current_member(request)
        services.follow_create(follower=member, member_id=member_id)
        return Response({"member": member_id, "following": True})

    @extend_schema(
        description="Unfollow. `following` stays true while you are connected.",
        responses={200: s.FollowSerializer},
    )
    def delete(self, request: Request, member_id: int) -> Response:
        member = current_member(request)
        services.follow_delete(follower=member, member_id=member_id)
        following = selectors.is_following(member.pk, member_id)
        return Response({"member": member_id, "following": following})


class MuteApi(APIView):
    @extend_schema(
        description="Mute a member (idempotent): their posts leave your home feed, groups' "
        "posts included; the connection, follows, comments and messaging stay. 400 "
        "`self_action` for yourself; 404 `member_not_found` for a member you cannot see.",
        request=None,
        responses={204: None},
    )
    def post(self, request: Request, member_id: int) -> Response:
        services.mute_create(member=current_member(request), muted_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(description="Unmute (idempotent).", responses={204: None})
    def delete(self, request: Request, member_id: int) -> Response:
        services.mute_delete(member=current_member(request), muted_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupPostsApi(_PostListApi):
    """A group's discussion, newest first (members only); post to it."""

    def posts(self) -> QuerySet[Post]:
        viewer = current_member(self.request)
        return selectors.group_posts(viewer, _member_group(viewer, self.kwargs["group_id"]))

    @extend_schema(
        description="Post to the group (members); where the group requires approval, a "
        'member\'s post waits (`status: "pending"`). Counts towards POSTS_HOURLY_LIMIT (429 '
        "`post_rate_limited`).",
        request=s.PostInputSerializer,
        responses={201: s.PostSerializer},
    )
    def post(self, request: Request, group_id: int) -> Response:
        return _create_post(request, group_id)


class GroupPostCommentsApi(_CommentListApi):
    """Comments on a group's post, oldest first (members only); comment on it."""

    def post_for(self, viewer: User) -> Post:
        return _group_post(viewer, self.kwargs["group_id"], self.kwargs["post_id"])


class GroupPostPinApi(APIView):
    @extend_schema(
        description="Pin the post (managers; one pinned post).", request=None, responses={204: None}
    )
    def post(self, request: Request, group_id: int, post_id: int) -> Response:
        services.post_pin(manager=current_member(request), group_id=group_id, post_id=post_id)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(description="Unpin the post.", responses={204: None})
    def delete(self, request: Request, group_id: int, post_id: int) -> Response:
        services.post_pin(
            manager=current_member(request), group_id=group_id, post_id=post_id, pinned=False
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupPostApproveApi(APIView):
    @extend_schema(
        description="Publish a post waiting for approval.", request=None, responses={204: None}
    )
    def post(self, request: Request, group_id: int, post_id: int) -> Response:
        services.post_approve(manager=current_member(request), group_id=group_id, post_id=post_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
