"""Development: console email, a fixed insecure key for the local machine only. DEBUG is off
unless a developer asks (DJANGO_DEBUG=1): the product's own 404, 500 and 503 pages by default,
Django's technical pages (tracebacks, the URL map) only on request."""

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, env

# Benchmarks, graph generators and the demo seed: developers' tools, imported by no app and
# not installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

# Off by default, so `./scripts/start` shows what a member sees; tracebacks still reach the
# console log (LOGGING in base.py). The outage 503 does not depend on it (core.dependencies).
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env(
    "SECRET_KEY", default="dev-only-insecure-key-change-me-for-anything-real-0123456789"
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the app folders (no collectstatic outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The development server runs each request in a thread of its own; a persistent connection
# (CONN_MAX_AGE > 0) belongs to the thread that opened it and is never reused by the next one,
# so connections piled up until PostgreSQL's limit. Production's servers (gunicorn workers)
# reuse theirs: there base.py's CONN_MAX_AGE=60 with CONN_HEALTH_CHECKS stays.
DATABASES = {
    alias: {**database, "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=0)}
    for alias, database in DATABASES.items()
}
