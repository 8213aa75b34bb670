"""Candor settings: one module, configured from the environment.

The embedded default (nothing set) is a newcomer's laptop: SQLite file, eager Celery tasks,
local-memory cache, DEBUG on. Production sets DJANGO_DEBUG=false and then must give
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
"""
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=false (production)."
        )
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "django-insecure-candor-development-only"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "catalog.apps.CatalogConfig",
    "web.apps.WebConfig",
    "api.apps.ApiConfig",
]

MIDDLEWARE = [
    # Load balancers' probes, answered before the HTTPS redirect and the Host check.
    "edge.health.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "edge.middleware.ProtocolMiddleware",
    "edge.middleware.RequestBodyLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "edge.locale.LanguageMiddleware",
    "edge.handlers.ApiErrorShapeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the language and the user are known: its 400 page is rendered like any page.
    "edge.middleware.NulByteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After the language and the user are known (its 400 page is rendered like any page).
    "edge.asof.AsOfMiddleware",
    "edge.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env_str("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Optional read replica: reads go there, writes to the primary (config/db_router.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"),
        conn_max_age=int(env_str("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Reads with ?as_of= go to a snapshot of the catalog as it was (catalog/timemachine.py); the
# rest to the replica when there is one.
DATABASE_ROUTERS = ["config.db_router.SnapshotRouter"]
if "replica" in DATABASES:
    DATABASE_ROUTERS.append("config.db_router.PrimaryReplicaRouter")
# Where the snapshots (read-only SQLite files, one per published state asked for) are kept.
CANDOR_SNAPSHOT_DIR = env_str("CANDOR_SNAPSHOT_DIR", str(BASE_DIR / "var" / "snapshots"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when configured (production, CI), local memory otherwise.
CACHE_URL = env_str("CACHE_URL") or env_str("REDIS_URL")
if CACHE_URL == "dummy://":
    # Benchmarks of uncached work only: nothing is kept, so rate limits cannot count either.
    CACHE_URL = None
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif CACHE_URL:
    CACHES = {
        "default": {
            # RedisCache that degrades instead of raising while Redis is unreachable.
            "BACKEND": "edge.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "candor"),
        },
        # Each process keeps a bounded copy of the rendered responses it fetched from Redis
        # (edge/conditional.py): their keys name the revision, so they never go stale.
        "process": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "candor-responses",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": env_int("CANDOR_PROCESS_CACHE_ENTRIES", 200)},
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long each process may reuse the catalog revision it last read (catalog/revision.py).
# A bump in the same process is seen at once; other processes see it within this time.
CATALOG_REVISION_MEMO_SECONDS = env_float("CANDOR_REVISION_MEMO_SECONDS", 1.0)
if CATALOG_REVISION_MEMO_SECONDS < 0:
    raise ImproperlyConfigured("CANDOR_REVISION_MEMO_SECONDS must be 0 (off) or more.")

# A claim not checked against its sources for this many months is flagged to editors (admin,
# `manage.py data_report`) and marked to readers as due for a re-check.
CATALOG_RECHECK_MONTHS = env_int("CANDOR_RECHECK_MONTHS", 12)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the interface speaks four languages.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("ar", "العربية"),
    ("uk", "Українська"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Releases (versioned dumps, catalog/releases/): files under CANDOR_RELEASES_ROOT by default;
# in production any STORAGES backend can take this entry's place (docs/deploy.md, "Releases").
RELEASES_ROOT = Path(env_str("CANDOR_RELEASES_ROOT", str(BASE_DIR / "var" / "releases")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "releases": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": RELEASES_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Celery: no broker configured means tasks run inline (the embedded default).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND")
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# With the broker down a write must not wait long to learn it: the event is in the outbox.
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECTION_TIMEOUT", 1.0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A message taken by a worker that dies is handed out again after the visibility timeout; tests
# shorten it (and the sweep interval) so redelivery happens within seconds. Keep it longer than
# the longest retry countdown, or delayed retries are handed out twice (harmless, but wasteful).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "unacked_restore_interval": env_int("CELERY_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_RESTORE_THROTTLE", 10),
}
CELERY_BEAT_SCHEDULE_FILENAME = env_str(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE = {
    "recompute-stale-scores": {
        # A safety net: signals schedule this on every change; the beat catches any lost run.
        "task": "catalog.tasks.recompute_scores",
        "schedule": 300.0,
    },
    "sweep-outbox": {
        # Events and deliveries a broker outage held back (catalog/alerts/tasks.py).
        "task": "catalog.tasks.sweep_outbox",
        "schedule": env_float("OUTBOX_SWEEP_SECONDS", 60.0),
    },
    "build-release": {
        # A safety net: every change schedules a build; this catches one a lost broker dropped.
        "task": "catalog.tasks.build_release",
        "schedule": env_float("CANDOR_RELEASE_BEAT_SECONDS", 3600.0),
    },
    "retirement-reminders": {
        "task": "catalog.tasks.send_retirement_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    "check-source-links": {
        "task": "catalog.tasks.check_source_links",
        "schedule": crontab(hour=3, minute=30),
    },
    **(
        {
            "import-deprecation-feeds": {
                "task": "catalog.tasks.import_deprecation_feeds",
                "schedule": crontab(hour="*/6", minute=15),
            }
        }
        if env_list("DEPRECATION_FEED_URLS")
        else {}
    ),
}

# Webhooks and other outbound requests (see docs/jobs.md).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
WEBHOOK_TIMEOUT_SECONDS = env_float("WEBHOOK_TIMEOUT_SECONDS", 5.0)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_RETRY_BASE_SECONDS = env_float("WEBHOOK_RETRY_BASE_SECONDS", 30.0)
WEBHOOK_RETRY_MAX_SECONDS = env_float("WEBHOOK_RETRY_MAX_SECONDS", 1800.0)
REMINDER_DAYS = (30, 7, 1)
LINK_CHECK_TIMEOUT_SECONDS = env_float("LINK_CHECK_TIMEOUT_SECONDS", 10.0)
LINK_CHECK_MAX_AGE_DAYS = env_int("LINK_CHECK_MAX_AGE_DAYS", 7)
LINK_CHECK_BATCH = env_int("LINK_CHECK_BATCH", 500)
DEPRECATION_FEED_URLS = env_list("DEPRECATION_FEED_URLS")
# The outbox sweep touches only what waited longer than this (the normal path had its chance).
OUTBOX_SWEEP_GRACE_SECONDS = env_float("OUTBOX_SWEEP_GRACE_SECONDS", 120.0)
SCORE_RECOMPUTE_DELAY_SECONDS = env_float("SCORE_RECOMPUTE_DELAY_SECONDS", 2.0)
# Every publish within this many seconds makes one release (catalog/releases/tasks.py).
RELEASE_DELAY_SECONDS = env_float("CANDOR_RELEASE_DELAY_SECONDS", 60.0)
# The share of a category's criterion weight that must be assessed (not unknown, not disputed)
# before its score is shown and ranked (catalog/scoring/bands.py, docs/methodology.md).
CANDOR_EVIDENCE_THRESHOLD = env_float("CANDOR_EVIDENCE_THRESHOLD", 0.5)
if not 0 < CANDOR_EVIDENCE_THRESHOLD <= 1:
    raise ImproperlyConfigured("CANDOR_EVIDENCE_THRESHOLD must be above 0 and at most 1.")

# Public address used in e-mails (confirmation and unsubscribe links).
SITE_URL = env_str("CANDOR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Candor <candor@localhost>")
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)

# Content-Security-Policy (django-csp): only our own origin, never framed. Embeds override
# frame-ancestors per view with the origins their campaign allows.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Links to other sites carry no referrer; our own pages send theirs, so a form's POST carries
# its Origin, which Django's CSRF check compares (no-referrer made Chromium send Origin: null).
# Embeds keep no-referrer (catalog/embeds/responses.py): nothing is posted from them.
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "web.pages.corrections.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Production hardening (DJANGO_DEBUG=false): HTTPS only, secure cookies, HSTS.
# Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=true.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load balancers probe health over plain HTTP, straight to the process (edge/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = int(env_str("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Request size limits: no legitimate client sends more than this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# The API: token-authenticated editors write, everyone reads (throttled generously; the
# rates are published in docs/api.md).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token authentication whose failures are rate-limited ("bad_token", api/authentication.py).
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ThrottledTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.EditorsWriteOthersRead"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousRateThrottle",
        "api.throttling.TokenHolderRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "600/min"),
        "user": env_str("API_USER_RATE", "3000/min"),
        # Public correction submissions, per client (api/corrections.py).
        "corrections": env_str("API_CORRECTIONS_RATE", "10/min"),
        # Requests with a token that is not valid, per client (api/authentication.py).
        "bad_token": env_str("API_BAD_TOKEN_RATE", "20/min"),
    },
    # Clients are told apart by REMOTE_ADDR. Without this DRF would trust any
    # X-Forwarded-For a client sends, and a made-up header would escape every rate limit.
    # Behind N trusted proxies set API_NUM_PROXIES=N.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CatalogPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["api.filtersets.CatalogFilterBackend"],
    # Strict JSON: NUL bytes, deep nesting and duplicate keys are refused (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "api.renderers.CSVRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.renderers.CatalogContentNegotiation",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Candor API",
    "DESCRIPTION": "Sourced comparisons of AI assistants on privacy, political ties, "
    "safety and deprecation history.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # validatorUrl: Swagger UI would otherwise send our schema to validator.swagger.io.
    # deepLinking off: it puts a link inside each operation's toggle button, which keyboard
    # and screen-reader users cannot tell apart (axe-core: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None, "persistAuthorization": False},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_errors",
        "api.schema.document_bounds",
        "api.schema.document_as_of",
    ],
    # Several models have a `status` or a `kind`; name each choice set after its meaning.
    "ENUM_NAME_OVERRIDES": {
        "EditorialStatusEnum": "catalog.models.Status",
        "AssistantStatusEnum": "catalog.models.Assistant.State",
        "ModelStatusEnum": "catalog.models.AIModel.State",
        "DeprecationKindEnum": "catalog.models.DeprecationEvent.Kind",
        "PoliticalTieKindEnum": "catalog.models.PoliticalTie.Kind",
        # Versions in history show how precisely each partial date was known.
        "DatePrecisionEnum": "catalog.dates.Precision",
        "CorrectionStatusEnum": "catalog.models.Correction.Review",
        "CategoryEnum": "catalog.models.Category",
        "SourceKindEnum": "catalog.models.Source.Kind",
        "RegulatorActionKindEnum": "catalog.models.RegulatorAction.Kind",
        "SearchCategoryEnum": "catalog.models.SearchRecord.SCOPES",
        "SearchOutcomeEnum": "catalog.models.SearchRecord.Outcome",
    },
}

# dumpdata/loaddata keep microseconds, so backups restore timestamps exactly.
SERIALIZATION_MODULES = {"json": "catalog.ingest.precise_json"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
