"""Writes of groups: create, update, delete, join, leave, requests, invitations, roles, bans.

Locks: a change of membership or roles locks the group's row (member_count, the managers
limit, the single owner), then the joining member's row (their GROUPS_PER_MEMBER_MAX count).
Always group → member, and never two groups, so two writers cannot deadlock. The database's
constraints (groups.models) back the same rules.

Notifications are decided here, inside the transaction that made the change (who is told,
what they read), and delivered after commit by notifications.services.notify_after_commit, once
per recipient and dedupe key.

`membership` holds who is in a group, `roles` the managers' moderation of members, `core`
what both (and groups.moderation, the admin's writes) share.
"""

from groups.services.core import (
    EDITABLE_FIELDS,
    GROUP_FIELDS,
    add_member,
    apply_group_fields,
    approve_request,
    clean_group_fields,
    lock_group,
    pending_request,
    reject_request,
    remove_member,
    target_membership,
)
from groups.services.membership import (
    group_create,
    group_delete,
    group_invitation_decline,
    group_invite,
    group_join,
    group_leave,
    group_update,
    join_request_approve,
    join_request_reject,
)
from groups.services.roles import (
    member_ban,
    member_remove,
    member_role_set,
    member_unban,
    ownership_transfer,
)

__all__ = [
    "EDITABLE_FIELDS",
    "GROUP_FIELDS",
    "add_member",
    "apply_group_fields",
    "approve_request",
    "clean_group_fields",
    "group_create",
    "group_delete",
    "group_invitation_decline",
    "group_invite",
    "group_join",
    "group_leave",
    "group_update",
    "join_request_approve",
    "join_request_reject",
    "lock_group",
    "member_ban",
    "member_remove",
    "member_role_set",
    "member_unban",
    "ownership_transfer",
    "pending_request",
    "reject_request",
    "remove_member",
    "target_membership",
]
