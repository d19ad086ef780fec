"""The load test's WSGI entry point: the application, plus the floor reference.

    gunicorn --pythonpath devtools/bench/server floor_wsgi:application

`/bench/floor` answers a constant JSON body straight from WSGI: no Django middleware, no
database, no authentication, no DRF. It is what the same gunicorn costs per request before
the application does anything, the floor every other request is measured against
(docs/benchmarks.md, "Every list fast"). Every other path goes to `config.wsgi`.

Only `loadtest_search` starts a server with this module (it lives in devtools/, which no
production process imports, and it imports nothing of the project but `config.wsgi`, so the
same file serves an older worktree's code in a before/after run).
"""

from collections.abc import Callable, Iterable
from typing import Any

from config.wsgi import application as django_application

FLOOR_PATH = "/bench/floor"
BODY = b'{"count":0,"next":null,"previous":null,"results":[]}'
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ.get("PATH_INFO") == FLOOR_PATH:
        start_response("200 OK", HEADERS)
        return [BODY]
    return django_application(environ, start_response)
