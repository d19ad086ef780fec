"""Tests: real PostgreSQL and Redis, fast hashing, console-free locmem email."""

import re

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

# Benchmarks, graph generators and the demo seed: developers' tools, imported by no app and
# not installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

DEBUG = False
SECRET_KEY = "test-only-insecure-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SITE_URL = "http://testserver"  # emails' absolute links point at the test client's host
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A folder per test database; tests build snapshots themselves (the live servers of
# tests/replicas set both from the environment).
GRAPH_SNAPSHOT_DIR = env.path("GRAPH_SNAPSHOT_DIR", default=str(BASE_DIR / "var" / "test-graph"))  # noqa: F405
GRAPH_SNAPSHOT_REFRESH_SECONDS = env.int("GRAPH_SNAPSHOT_REFRESH_SECONDS", default=0)
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))  # noqa: F405
# Tests keep to their own Redis database (cache and broker) so clearing the cache or queueing
# tasks never touches a development server's data on the same Redis.
REDIS_URL = env("TEST_REDIS_URL", default=re.sub(r"/\d*$", "", REDIS_URL) + "/15")  # noqa: F405
CELERY_BROKER_URL = REDIS_URL
CACHES = {
    "default": {
        "BACKEND": "core.cache.FailoverRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "proconnect-test",
        "OPTIONS": {**REDIS_CLIENT_OPTIONS, "FAILOVER_RETRY_SECONDS": 2},  # noqa: F405
    }
}
CELERY_TASK_ALWAYS_EAGER = False
# Throttles stay on with generous rates; tests that exercise them lower the rate.
ACCOUNT_RATE_LIMITS = False

# Serve static files straight from the app folders (no collectstatic outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Parallel runs on one server (two checkouts, a developer and CI) each name their own test DB.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}  # noqa: F405
# Test members join "a month ago" (tests.factories): no grandfathering unless a test asks for it.
EMAIL_CONFIRMATION_REQUIRED_SINCE = None
