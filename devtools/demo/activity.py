"""The demo network's life, written through the product's services so every rule holds:
groups and their discussions, posts with comments and reactions, endorsements and follows.
Conversations, invitations and the moderation queue are in `devtools.demo.exchanges`."""

from __future__ import annotations

from connections.endorsements import endorsement_create
from devtools.demo import stories
from devtools.demo.cast import Cast, backdate
from feed import services as feed_services
from feed.models import Comment, Post, PostKind, ReactionKind
from groups import services as group_services
from groups.models import Group, JoinRequest, RequestStatus, Role

GROUP_SIZE = 9  # members each group gets besides its owner
REACTION_KINDS = ReactionKind.values


def seed_groups(cast: Cast) -> list[Group]:
    """The groups of `stories.GROUPS`: the demo member owns the first (approval required, a
    manager, one request waiting) and is a member of the others."""
    groups = []
    for position, story in enumerate(stories.GROUPS):
        owner = cast.demo if story.owned_by_demo else cast.friend(position * 3)
        group = group_services.group_create(
            creator=owner,
            name=story.name,
            description=story.description,
            rules=story.rules,
            industry=story.industry,
            join_policy=story.join_policy,
        )
        backdate(Group, group.pk, hours_ago=24 * (40 - position))
        members = [cast.demo] if owner != cast.demo else []
        members += _group_members(cast, position, exclude={owner.pk, cast.demo.pk})
        for member in members:
            _join(member, group, owner)
        groups.append(group)
    own = groups[0]
    manager = own.memberships.exclude(member=cast.demo).order_by("member_id").first()
    assert manager is not None
    group_services.member_role_set(
        actor=cast.demo, group_id=own.pk, member_id=manager.member_id, role=Role.MANAGER
    )
    # A request the demo member can approve or reject: someone at 2nd degree asks to join.
    inside = set(own.memberships.values_list("member_id", flat=True))
    asking = next(member for member in cast.second if member.pk not in inside)
    group_services.group_join(member=asking, group_id=own.pk)
    return groups


def _group_members(cast: Cast, position: int, *, exclude: set[int]) -> list:
    """A deterministic mix of the demo member's connections and the wider network."""
    pool = cast.friends[position::2] + cast.second[position::5] + cast.far[position::9]
    chosen = [member for member in pool if member.pk not in exclude]
    return chosen[:GROUP_SIZE]


def _join(member, group: Group, owner) -> None:
    """Join at once, or ask and be approved by the owner (an approval group)."""
    if group_services.group_join(member=member, group_id=group.pk) == "member":
        return
    request = JoinRequest.objects.get(group=group, member=member, status=RequestStatus.PENDING)
    group_services.join_request_approve(manager=owner, group_id=group.pk, request_id=request.pk)


def seed_group_discussions(cast: Cast, groups: list[Group]) -> None:
    """Two discussions in each group, with comments and reactions; the owner pins the first
    of the demo member's group."""
    for position, group in enumerate(groups):
        members = list(
            group.memberships.order_by("member_id").select_related("member", "member__profile")
        )
        people = [membership.member for membership in members]
        for turn in range(2):
            author = people[(position + turn * 3) % len(people)]
            text = stories.GROUP_POSTS[(position + turn) % len(stories.GROUP_POSTS)]
            post = feed_services.post_create(author=author, body=text, group_id=group.pk)
            age = 24 * (10 - position) - turn * 5
            backdate(Post, post.pk, hours_ago=age)
            _discuss(post, people, offset=position + turn, age=age)
            if position == 0 and turn == 0:
                feed_services.post_pin(manager=cast.demo, group_id=group.pk, post_id=post.pk)


def _discuss(post: Post, people: list, *, offset: int, age: float, comments: int = 2) -> None:
    """Comments and reactions on a post by `people` other than its author."""
    others = [person for person in people if person.pk != post.author_id]
    for turn in range(comments):
        commenter = others[(offset + turn * 2) % len(others)]
        text = stories.COMMENTS[(offset + turn) % len(stories.COMMENTS)]
        comment = feed_services.comment_create(author=commenter, post_id=post.pk, body=text)
        backdate(Comment, comment.pk, hours_ago=max(age - 1 - turn, 0.2))
    for turn in range(2 + offset % 5):
        reactor = others[(offset + turn * 3 + 1) % len(others)]
        kind = REACTION_KINDS[(offset + turn) % len(REACTION_KINDS)]
        feed_services.reaction_set(member=reactor, post_id=post.pk, kind=kind)


def seed_feed(cast: Cast) -> None:
    """Posts by the demo member's connections and by two members they follow, oldest first,
    each with comments and reactions; two posts of the demo member's own."""
    followed = cast.far[:2]
    for member in followed:
        feed_services.follow_create(follower=cast.demo, member_id=member.pk)
    authors = [cast.friend(position) for position in range(len(stories.FEED_POSTS) - 2)]
    authors += followed
    for position, (author, text) in enumerate(zip(authors, stories.FEED_POSTS, strict=True)):
        post = feed_services.post_create(author=author, body=text)
        age = 3.5 * (len(authors) - position) + 2
        backdate(Post, post.pk, hours_ago=age)
        _discuss(post, [cast.demo, *cast.friends], offset=position, age=age)
    for position, (title, text) in enumerate(stories.DEMO_POSTS):
        kind = PostKind.ARTICLE if title else PostKind.STATUS
        post = feed_services.post_create(author=cast.demo, body=text, title=title, kind=kind)
        age = 30.0 - position * 28
        backdate(Post, post.pk, hours_ago=age)
        _discuss(post, cast.friends, offset=position + 4, age=age, comments=3)


def seed_endorsements(cast: Cast) -> None:
    """Connections endorse the demo member's first skills; the demo member endorses some."""
    skills = cast.demo.profile.skills[:3]
    for position in range(7):
        endorser = cast.friend(position)
        for skill in skills[: 1 + position % len(skills)]:
            endorsement_create(endorser=endorser, member_id=cast.demo.pk, skill=skill)
    for position in range(4):
        friend = cast.friend(position)
        if friend.profile.skills:
            endorsement_create(
                endorser=cast.demo, member_id=friend.pk, skill=friend.profile.skills[0]
            )
