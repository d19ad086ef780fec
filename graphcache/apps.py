from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


class GraphCacheConfig(AppConfig):
    name = "graphcache"
    verbose_name = "Graph cache"

    def ready(self) -> None:
        from accounts.models import Block

        # Blocks are written by accounts, below this package (it must not import the cache), by
        # its services and by Django admin alike: so the cache listens to the model's own
        # signals (Django's, not a project signal).
        post_save.connect(block_changed, sender=Block, dispatch_uid="graphcache.block_saved")
        post_delete.connect(block_changed, sender=Block, dispatch_uid="graphcache.block_deleted")


def block_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    """Mark each side's cached hidden set stale, at once and again after commit: a reader that
    loaded the old rows between the two bumps stamped them with the first version, which the
    second one retires."""
    from graphcache.invalidation import blocks_changed

    members = [instance.blocker_id, instance.blocked_id]
    blocks_changed(members)
    transaction.on_commit(lambda: blocks_changed(members))
