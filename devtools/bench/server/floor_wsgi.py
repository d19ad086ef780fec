"""The load test's WSGI entry point: the application, plus the references it is measured by.

    gunicorn --pythonpath devtools/bench/server floor_wsgi:application

`/bench/floor` answers a constant JSON body straight from WSGI: no Django, no middleware, no
database, no authentication. It is what the same gunicorn costs per request before the
application does anything, the floor every other request is measured against
(docs/benchmarks.md, "Every list fast"). The other `/bench/…` paths climb from there one layer
at a time (bench_urls): Django's handler with no middleware, then the project's whole
middleware stack, then DRF, then DRF with the project's token authentication and member
throttle, each answering the same constant body; every other path goes to `config.wsgi`.

Only `loadtest_search` starts a server with this module (it lives in devtools/, which no
production process imports, and it imports nothing of the project but `config.wsgi` and what
every version of the project has, so the same file serves an older worktree's code in a
before/after run).
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponseBase

from config.wsgi import application as django_application

FLOOR_PATH = "/bench/floor"
BARE_PATH = "/bench/django-bare"  # Django's handler and URL resolver, no middleware
BENCH_PREFIX = "/bench/"
BENCH_URLCONF = "bench_urls"
BODY = b'{"count":0,"next":null,"previous":null,"results":[]}'
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


class BenchHandler(WSGIHandler):
    """The project's handler, resolving `/bench/…` paths in bench_urls (after the whole
    middleware stack, which runs as for any request)."""

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info.startswith(BENCH_PREFIX):
            request.urlconf = BENCH_URLCONF
        return super().get_response(request)


class BareHandler(BenchHandler):
    """Django's request and response, URL resolution and view call, with no middleware."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        self._middleware_chain = convert_exception_to_response(self._get_response)  # type: ignore[attr-defined]


# config.wsgi has set Django up; these handlers share its settings and apps.
_bench = BenchHandler()
_bare = BareHandler()


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "")
    if path == FLOOR_PATH:
        start_response("200 OK", HEADERS)
        return [BODY]
    if path == BARE_PATH:
        return _bare(environ, start_response)
    if path.startswith(BENCH_PREFIX):
        return _bench(environ, start_response)
    return django_application(environ, start_response)
