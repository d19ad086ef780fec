"""Settings shared by every environment; values come from the environment (12-factor)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import environ
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True
SITE_ID = 1
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/proconnect")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT and no parallel workers: PostgreSQL compiles a statement whose estimated cost is high
# (a search's gated branches, a sample) at tens of milliseconds, and starts worker processes
# for large scans, which a web request never earns back and concurrent requests pay for.
# No synchronized scans: a sequential scan starts at the table's first page, not where another
# backend's scan of it is, so a LIMIT without ORDER BY (people search's pool, docs/search.md
# "Broad searches") takes the same rows on identical requests.
# work_mem (DB_WORK_MEM): the bitmap of a common word's matches in people search (278,000 of
# 1,000,000 documents for "Engineer") outgrows PostgreSQL's 4 MB default and turns lossy, and
# every document on a lossy page is then matched again; 16 MB keeps it exact up to about two
# million members (docs/benchmarks.md, "Every list fast", third session). It bounds each sort
# or hash of a statement, per connection.
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["options"] = (
    f"{_db_options.get('options', '')} -c jit=off -c max_parallel_workers_per_gather=0"
    f" -c synchronize_seqscans=off -c work_mem={env.str('DB_WORK_MEM', default='16MB')}"
).strip()
# Dependencies failing (docs/reliability.md): no request waits long for a server that does not
# answer. libpq gives up connecting after DB_CONNECT_TIMEOUT seconds (2 at least); over TCP,
# keepalives and tcp_user_timeout drop a connection to a server that vanished mid-query.
_db_options.setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=3))
_db_options.setdefault("keepalives", 1)
_db_options.setdefault("keepalives_idle", 10)
_db_options.setdefault("keepalives_interval", 5)
_db_options.setdefault("keepalives_count", 2)
_db_options.setdefault("tcp_user_timeout", env.int("DB_TCP_USER_TIMEOUT_MS", default=15_000))

# Read replicas (core.replicas; docs/scaling.md "Read replicas"): PostgreSQL streaming replicas,
# comma-separated URLs, none by default. Reads that may lag go to one; writes, rules and
# everything inside a transaction stay on the primary; a member's reads after their own write
# go to the primary until a replica has replayed it.
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
# A replica further behind the primary than this is skipped (so is one that is down).
DATABASE_REPLICA_MAX_LAG_SECONDS = env.float("DATABASE_REPLICA_MAX_LAG_SECONDS", default=10.0)
# How long a member's write holds their reads to replicas that have replayed it; keep it above
# the lag bound (past the bound every replica in use has it anyway).
DATABASE_REPLICA_STICKY_SECONDS = env.int("DATABASE_REPLICA_STICKY_SECONDS", default=30)
# How often each process checks each replica (up? how far behind?), and how long it waits to
# connect to one (libpq counts whole seconds, at least 2).
DATABASE_REPLICA_CHECK_SECONDS = env.float("DATABASE_REPLICA_CHECK_SECONDS", default=1.0)
DATABASE_REPLICA_CONNECT_TIMEOUT = env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=2)
for _index, _url in enumerate(DATABASE_REPLICA_URLS):
    _replica = env.db_url_config(_url)
    _replica.setdefault("OPTIONS", {}).update(
        options=_db_options["options"], connect_timeout=DATABASE_REPLICA_CONNECT_TIMEOUT
    )
    _replica.update(
        ATOMIC_REQUESTS=False,
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
        CONN_HEALTH_CHECKS=True,
        TEST={"MIRROR": "default"},  # the test runner makes no database of its own for it
    )
    DATABASES[f"replica_{_index}"] = _replica
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
# Every Redis client (cache, graph cache, broker) connects and answers within these or fails.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=1.0)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)
REDIS_CLIENT_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}

# The default cache holds rate-limit state only; while Redis is down each process counts in its
# own memory (core.cache, docs/reliability.md "Redis down").
CACHES = {
    "default": {
        "BACKEND": "core.cache.FailoverRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="proconnect"),
        "OPTIONS": {**REDIS_CLIENT_OPTIONS, "FAILOVER_RETRY_SECONDS": 2},
    }
}
# A dependency outage answers 503 with this Retry-After (core.dependencies); its warning is
# logged at most this often per dependency; /healthz gives each check this long.
OUTAGE_RETRY_AFTER_SECONDS = env.int("OUTAGE_RETRY_AFTER_SECONDS", default=15)
OUTAGE_LOG_EVERY_SECONDS = env.int("OUTAGE_LOG_EVERY_SECONDS", default=10)
HEALTH_CHECK_TIMEOUT_SECONDS = env.float("HEALTH_CHECK_TIMEOUT_SECONDS", default=1.0)
# Each process keeps the graph arrays it used last (graphcache.local_tier), up to this
# size, and trusts them only at the version Redis holds.
GRAPH_LOCAL_CACHE_MB = env.int("GRAPH_LOCAL_CACHE_MB", default=256)
# ...or, while subscribed to the graph's change channel, without reading versions at all: a
# change drops the arrays it makes stale in every process (graphcache.listener).
GRAPH_PUSHED_INVALIDATION = env.bool("GRAPH_PUSHED_INVALIDATION", default=True)
# Snapshots of the whole graph (graphcache.snapshot), mapped by every process on this machine.
GRAPH_SNAPSHOT_DIR = env.path("GRAPH_SNAPSHOT_DIR", default=str(BASE_DIR / "var" / "graph"))
# Each machine keeps its own snapshot (its files, its pointer in Redis, named by this; the host
# name when empty): one process per machine rebuilds it when it is older than this many seconds
# (0: only `manage.py graph_snapshot` builds one).
GRAPH_SNAPSHOT_MACHINE = env("GRAPH_SNAPSHOT_MACHINE", default="")
GRAPH_SNAPSHOT_REFRESH_SECONDS = env.int("GRAPH_SNAPSHOT_REFRESH_SECONDS", default=3600)

DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.admin",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "allauth",
    "allauth.account",
    "axes",
    "django_htmx",
]
LOCAL_APPS = [
    "core",
    "accounts",
    "notifications",
    "standing",
    "graphcache",
    "connections",
    "network",
    "messaging",
    "groups",
    "feed",
    "search",
    "moderation",
    "exports",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A view that meets PostgreSQL, Redis or the broker down answers 503, not 500.
    "core.dependencies.DependencyOutageMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a safe request's lag-tolerant reads go to a replica (core.replicas).
    "core.replicas.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last: it turns a locked-out authenticate() into the lockout response.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "notifications.context_processors.notification_bell",
                "accounts.context_processors.email_confirmation",
                "core.context_processors.page_path",
            ],
        },
    }
]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# ---------------------------------------------------------------------------
# Accounts: custom member model, Argon2, allauth flows, axes lockout
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # allauth's backend, refusing members an administrator suspended or deactivated.
    "accounts.auth.MemberAuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupNamesForm"
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.auth.display_name"
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = {
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Lock an email address for the client address that failed on it (not globally: that would
# let anyone lock a member out); sign-up and login are also rate-limited per IP.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_USERNAME_CALLABLE = "accounts.auth.axes_username"
# How long the refusal page of a suspended member's log-in (the right password) keeps offering
# the appeal of the suspension (accounts.auth.suspension_marker_issue).
SUSPENSION_APPEAL_MARKER_SECONDS = env.int("SUSPENSION_APPEAL_MARKER_SECONDS", default=30 * 60)

MAILERS = {
    "default": {
        "BACKEND": env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ProConnect <no-reply@proconnect.local>")
# The site's public address, for the absolute links emails carry (one-click unsubscribe, the
# page a notification points to).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# ---------------------------------------------------------------------------
# REST API
# ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # simplejwt's, refusing tokens issued before the member's sessions were ended.
        "accounts.auth.MemberJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.exception_handler.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonymousRateThrottle",
        "core.throttling.MemberRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="120/min"),
        "user": env("THROTTLE_USER", default="1200/min"),
        "register": env("THROTTLE_REGISTER", default="20/hour"),
        "login": env("THROTTLE_LOGIN", default="30/min"),
        "messages": env("THROTTLE_MESSAGES", default="30/min"),
    },
    # orjson renders (core.renderers); the browsable API stays for developers. The parser stays
    # the stdlib's: orjson reads integers past 64 bits as floats, which changes validation.
    "DEFAULT_RENDERER_CLASSES": [
        "core.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Hostile input (docs/reliability.md): a JSON body is refused above this size (413) or this
# nesting depth (400) before it is parsed; no request of the API comes near either.
API_JSON_MAX_BYTES = env.int("API_JSON_MAX_BYTES", default=1024 * 1024)
API_JSON_MAX_DEPTH = env.int("API_JSON_MAX_DEPTH", default=32)
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_AUTHENTICATION_RULE": "accounts.auth.user_may_authenticate",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ProConnect API",
    "DESCRIPTION": "REST API of the professional network (contract: API.md, version 1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",  # served by the app itself: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # `<id:...>` path parameters (core.converters) are integers in bigint's range.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 2**63 - 1}
    },
    # Choice sets that share a field name ("status", "action", "reason") with others.
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "moderation.models.ReportStatus",
        "CaseStatusEnum": "moderation.models.CaseStatus",
        "ModerationActionEnum": "moderation.models.Action",
        "LogActionEnum": "moderation.models.LogAction",
        "ReportReasonEnum": "moderation.models.ReportReason",
        "AppealStatusEnum": "standing.models.AppealStatus",
        "InvitationStatusEnum": "connections.models.InvitationStatus",
        "StandingStatusEnum": ["good", "restricted", "suspended"],
    },
}

# ---------------------------------------------------------------------------
# Celery
# ---------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queues by kind, so a flood of one never delays another (docs/scaling.md, "Workers"): a
# worker started without -Q consumes all of them (./scripts/start, the tests); docker-compose
# runs one worker per group. Exports: issue 18's download-your-data tasks, matched by name.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [
    Queue(name) for name in ("celery", "notifications", "graph", "exports", "previews")
]
CELERY_TASK_ROUTES = {
    "graphcache.tasks.*": {"queue": "graph"},
    "feed.tasks.fetch_link_preview_task": {"queue": "previews"},
    "*export*": {"queue": "exports"},
    "notifications.tasks.*": {"queue": "notifications"},
    "connections.tasks.notify_*": {"queue": "notifications"},
    "connections.tasks.member_connection_count_changed_task": {"queue": "notifications"},
    "messaging.tasks.notify_*": {"queue": "notifications"},
    "messaging.tasks.send_message_digest*": {"queue": "notifications"},
}
# Workers failing (docs/reliability.md): a task is acknowledged after it ran (ACKS_LATE) and
# put back if its worker process dies (REJECT_ON_WORKER_LOST); one the broker handed out and
# never saw acknowledged is handed out again after the visibility timeout. No task may run
# longer than half of it (TIME_LIMIT), so a running task is never handed out twice.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_TASK_TIME_LIMIT = CELERY_VISIBILITY_TIMEOUT // 2
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    # A publish to a broker that accepts and never answers gives up after this (per attempt):
    # REDIS_SOCKET_TIMEOUT, kept above the worker's 1 s BRPOP (tests/reliability/
    # test_silent_servers.py; it was 10 s, and a request waited 24 s for its task).
    "socket_timeout": max(REDIS_SOCKET_TIMEOUT, 2.0),
}
# Publishing while the broker is down fails within about a second (and the task is kept in
# the outbox, core.outbox) instead of blocking the request.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,  # one more try on a fresh connection (a pooled one Redis dropped)
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

# Links made from member text (urlize) use https:// for bare "www." addresses.
URLIZE_ASSUME_HTTPS = True

# ---------------------------------------------------------------------------
# Security defaults that hold everywhere; production.py tightens the rest.
# ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# ---------------------------------------------------------------------------
# PRODUCT RULES (PRODUCT.md "The numbers, as settings"); each may be overridden
# by an environment variable of the same name. Code reads them at call time.
# ---------------------------------------------------------------------------
CONNECTIONS_MAX_PER_MEMBER = env.int("CONNECTIONS_MAX_PER_MEMBER", default=30_000)
CONNECTIONS_WARNING_AT = env.int("CONNECTIONS_WARNING_AT", default=29_000)
INVITATION_NOTE_MAX_LENGTH = env.int("INVITATION_NOTE_MAX_LENGTH", default=300)
INVITATIONS_WEEKLY_LIMIT = env.int("INVITATIONS_WEEKLY_LIMIT", default=100)
INVITATIONS_PENDING_LIMIT = env.int("INVITATIONS_PENDING_LIMIT", default=500)
REINVITE_COOLDOWN_DAYS = env.int("REINVITE_COOLDOWN_DAYS", default=21)
INVITATION_EXPIRY_DAYS = env.int("INVITATION_EXPIRY_DAYS", default=180)
DONT_KNOW_STRIKES_LIMIT = env.int("DONT_KNOW_STRIKES_LIMIT", default=5)
MESSAGE_MAX_LENGTH = env.int("MESSAGE_MAX_LENGTH", default=8000)
CONVERSATION_MAX_PARTICIPANTS = env.int("CONVERSATION_MAX_PARTICIPANTS", default=50)
POST_MAX_LENGTH = env.int("POST_MAX_LENGTH", default=3000)
COMMENT_MAX_LENGTH = env.int("COMMENT_MAX_LENGTH", default=1250)
GROUP_MANAGERS_MAX = env.int("GROUP_MANAGERS_MAX", default=10)
GROUPS_PER_MEMBER_MAX = env.int("GROUPS_PER_MEMBER_MAX", default=100)
# Anti-spam: posts and comments per member in any rolling hour (feed.policies).
POSTS_HOURLY_LIMIT = env.int("POSTS_HOURLY_LIMIT", default=20)
COMMENTS_HOURLY_LIMIT = env.int("COMMENTS_HOURLY_LIMIT", default=60)
# Trust and safety (PRODUCT.md "Trust and safety"; moderation.services, docs/moderation.md).
REPORT_DETAIL_MAX_LENGTH = env.int("REPORT_DETAIL_MAX_LENGTH", default=1000)
REPORTS_DAILY_LIMIT = env.int("REPORTS_DAILY_LIMIT", default=20)
REPORTS_AUTO_RESTRICT_AT = env.int("REPORTS_AUTO_RESTRICT_AT", default=3)
REPORTS_AUTO_RESTRICT_WINDOW_DAYS = env.int("REPORTS_AUTO_RESTRICT_WINDOW_DAYS", default=7)
# Account rules of this project (not in PRODUCT.md's table, same mechanism).
PROFILE_SKILLS_MAX = env.int("PROFILE_SKILLS_MAX", default=50)
PROFILE_PHOTO_MAX_BYTES = env.int("PROFILE_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
REBLOCK_COOLDOWN_HOURS = env.int("REBLOCK_COOLDOWN_HOURS", default=48)
# Trust and safety (PRODUCT.md; docs/safety.md).
NEW_MEMBER_DAYS = env.int("NEW_MEMBER_DAYS", default=7)
NEW_MEMBER_WEEKLY_INVITATIONS = env.int("NEW_MEMBER_WEEKLY_INVITATIONS", default=20)
EMAIL_CONFIRMATION_REQUIRED = env.bool("EMAIL_CONFIRMATION_REQUIRED", default=True)
# Members who joined before the rule came in (this date, UTC; empty: nobody) may act unconfirmed
# for this many days after it (accounts.policies.email_unconfirmed_reason; docs/safety.md).
EMAIL_CONFIRMATION_REQUIRED_SINCE = (
    datetime.fromisoformat(_since).replace(tzinfo=UTC)
    if (_since := env("EMAIL_CONFIRMATION_REQUIRED_SINCE", default="2026-12-02"))
    else None
)
EMAIL_CONFIRMATION_GRACE_DAYS = env.int("EMAIL_CONFIRMATION_GRACE_DAYS", default=30)
# Scoped rate limits per member, one counter for the pages and the API ("count/period").
SEARCH_PEOPLE_RATE = env("SEARCH_PEOPLE_RATE", default="60/min")
SEARCH_TYPEAHEAD_RATE = env("SEARCH_TYPEAHEAD_RATE", default="240/min")
EMAIL_RESEND_RATE = env("EMAIL_RESEND_RATE", default="3/hour")
# Download your data: the link opens for this many days after the archive is ready.
DATA_EXPORT_LINK_DAYS = env.int("DATA_EXPORT_LINK_DAYS", default=7)
