"""How a group is described on pages: one label for who may join, shown by the directory's
rows and the group's own header alike."""

from django import template

from groups.models import Group, JoinPolicy, Visibility

register = template.Library()


@register.filter
def join_policy_label(group: Group) -> str:
    """Say who may join: an unlisted group is found only by invitation (an invited member
    joins at once); a listed one is open to all or asks a manager's approval."""
    if group.visibility == Visibility.UNLISTED:
        return "By invitation only"
    if group.join_policy == JoinPolicy.OPEN:
        return "Anyone can join"
    return "A manager approves each request to join"
