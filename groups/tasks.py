"""Background work of groups: notifications, each created once (dedupe keys)."""

from celery import shared_task
from django.urls import reverse

from groups.models import JoinRequest, RequestStatus
from groups.selectors import manager_ids
from notifications.models import NotificationKind
from notifications.services import notification_create

JOIN_REQUEST_KIND = NotificationKind.GROUP_JOIN_REQUEST
JOIN_APPROVED_KIND = NotificationKind.GROUP_JOIN_APPROVED


@shared_task
def notify_join_request_task(request_id: int) -> int:
    """Tell the group's owner and managers about a pending join request; return how many
    were told now (a second run tells nobody)."""
    request = (
        JoinRequest.objects.select_related("group", "member")
        .filter(pk=request_id, status=RequestStatus.PENDING)
        .first()
    )
    if request is None:
        return 0
    told = 0
    link = reverse("groups:manage", args=[request.group_id])
    for manager_id in manager_ids(request.group_id):
        notification = notification_create(
            recipient_id=manager_id,
            kind=JOIN_REQUEST_KIND,
            text=f"{request.member.full_name} asks to join {request.group.name}.",
            dedupe_key=f"{JOIN_REQUEST_KIND}:{request.pk}",
            link=link,
            actor_id=request.member_id,
        )
        told += int(notification is not None)
    return told


@shared_task
def notify_join_approved_task(request_id: int) -> bool:
    """Tell a member their join request was approved (once)."""
    request = (
        JoinRequest.objects.select_related("group")
        .filter(pk=request_id, status=RequestStatus.APPROVED)
        .first()
    )
    if request is None:
        return False
    notification = notification_create(
        recipient_id=request.member_id,
        kind=JOIN_APPROVED_KIND,
        text=f"You are now a member of {request.group.name}.",
        dedupe_key=f"{JOIN_APPROVED_KIND}:{request.pk}",
        link=reverse("groups:detail", args=[request.group_id]),
        actor_id=request.responded_by_id,
    )
    return notification is not None
