"""Settings of the servers and workers a fault test starts: the test settings, on the test's
own database (RELIABILITY_DATABASE_NAME) and its own Valkey (TEST_REDIS_URL)."""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

DATABASES = {"default": {**DATABASES["default"], "NAME": os.environ["RELIABILITY_DATABASE_NAME"]}}
if os.environ.get("RELIABILITY_DATABASE_HOST"):  # another cluster (libpq reads OPTIONS first)
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "host": os.environ["RELIABILITY_DATABASE_HOST"],
        "port": int(os.environ["RELIABILITY_DATABASE_PORT"]),
    }
CELERY_IMPORTS = ["tests.reliability.slow_tasks"]
OUTAGE_LOG_EVERY_SECONDS = 1
