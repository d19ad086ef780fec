"""Temporary (issue 14): the graph's snapshot is `graphcache.snapshot` now.

Only the commands under */management/ still import this module; they move to devtools/ and
import `graphcache.snapshot` (and `graphcache.read_csr`) instead. Delete this module with that
change. Nothing else may import it.
"""

from graphcache.postgres import read_csr
from graphcache.snapshot import Opened, build, current

__all__ = ["Opened", "build", "current", "read_csr"]
