"""Blocks change what the graph shows: mark each side's cached hidden set stale. And a
connection made or removed drops this process's own arrays of the two members at once (other
processes drop theirs when the change channel tells them: network.graph, "Pushed invalidation").

Blocks are written by accounts (a lower app that knows nothing of the graph), by its services
and by Django admin alike, so the read side listens to the model's own signals. The version is
bumped at once and again after commit: a reader that loaded the old rows between the two bumps
stamped them with the first version, which the second one retires.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Block
from connections.events import graph_members_changed
from network import graph


@receiver(post_save, sender=Block, dispatch_uid="network.block_saved")
@receiver(post_delete, sender=Block, dispatch_uid="network.block_deleted")
def block_changed(sender: type[Block], instance: Block, **kwargs: Any) -> None:
    members = [instance.blocker_id, instance.blocked_id]
    graph.blocks_changed(members)
    transaction.on_commit(lambda: graph.blocks_changed(members))


@receiver(graph_members_changed, dispatch_uid="network.members_changed")
def members_changed(sender: object, member_ids: list[int], **kwargs: Any) -> None:
    graph.members_changed(member_ids)
