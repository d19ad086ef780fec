"""Temporary (issue 14): what this module did is `graphcache.graph_changed` and
`graphcache.suggestions_changed` now, called by connections.services directly.

Only the benchmarks under */management/ still import this module (`graph_client` is
`graphcache.client`; `NEIGHBOURS_CHANGED_TASK` is `graphcache.tasks.graph_neighbours_changed_task`,
queued with `.delay`, no longer through `current_app.send_task`). They move to devtools/ and
import `graphcache` instead; delete this module with that change. Nothing else may import it.
"""

from celery import current_app

from graphcache import client as graph_client
from graphcache.tasks import graph_neighbours_changed_task

NEIGHBOURS_CHANGED_TASK = graph_neighbours_changed_task.name

__all__ = ["NEIGHBOURS_CHANGED_TASK", "current_app", "graph_client"]
