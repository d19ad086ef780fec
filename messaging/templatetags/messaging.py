"""Template helpers of messaging, usable from any app's templates without a Python import
(network and connections sit below messaging and must not import it).

    {% load messaging %}
    {{ message.body|message_html }}                     safe links, escaped text
    {% message_button member %}                         one member (a profile page)
    {% message_block_reasons rows "other" as reasons %} a list: one query for all rows
    {% message_button row.other reasons %}              then one button per row, no query
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString

from accounts.models import User
from core.exceptions import DomainError
from messaging.policies import message_block_reasons as _reasons
from messaging.rendering import render_message_body

register = template.Library()


@register.filter
def message_html(text: str) -> SafeString:
    """Render a message body: escaped, http(s) and email links clickable, line breaks kept."""
    return render_message_body(str(text))


@register.simple_tag(takes_context=True)
def message_block_reasons(
    context: template.Context, members: Iterable[Any], attribute: str = ""
) -> dict[int, DomainError | None]:
    """Compute the Message button's reason for every member of a list at once."""
    viewer = context["request"].user
    if not viewer.is_authenticated:
        return {}
    return _reasons(sender=viewer, members=list(members), attribute=attribute)


@register.inclusion_tag("messaging/_message_button.html", takes_context=True)
def message_button(
    context: template.Context,
    member: User,
    reasons: dict[int, DomainError | None] | None = None,
) -> dict[str, Any]:
    """Render the Message button for `member` (reasons from message_block_reasons, if given)."""
    viewer = context["request"].user
    if reasons is None or member.pk not in reasons:
        reasons = _reasons(sender=viewer, members=[member]) if viewer.is_authenticated else {}
    return {"member": member, "message_block_reason": reasons.get(member.pk)}
