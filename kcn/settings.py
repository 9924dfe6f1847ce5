"""KCN settings, read from the environment (12-factor).

Everything has a safe default for the embedded setup (SQLite, in-process task worker, local
memory cache). With KCN_ENV=production a missing secret fails fast instead of falling back.
Policy that differs per board (deadlines, thresholds) lives in the database, not here.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("KCN_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


KCN_ENV = env("KCN_ENV", "development")
PRODUCTION = KCN_ENV == "production"


def required(name, dev_default):
    value = env(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set when KCN_ENV=production")
    return dev_default


SECRET_KEY = required("KCN_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("KCN_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("KCN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("KCN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_countries",
    "simple_history",
    "axes",
    "huey.contrib.djhuey",
    "kcn.core",
    "kcn.accounts",
    "kcn.registry",
    "kcn.reporting",
    "kcn.communications",
    "kcn.workers",
    "kcn.tracing",
    "kcn.monitoring",
    "kcn.prevention",
    "kcn.inspections",
    "kcn.training",
    "kcn.network",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kcn.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kcn.urls"
WSGI_APPLICATION = "kcn.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

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
                "kcn.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database: SQLite by default, PostgreSQL (psycopg 3) with DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kcn.sqlite3'}"),
        conn_max_age=int(env("KCN_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the in-process worker write an import while pages keep reading.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env("KCN_DB_PREPARED", "true").lower() in ("1", "true", "yes"):
    # PostgreSQL parses and plans a statement once per connection instead of at every execution
    # (psycopg 3 prepares one after it ran ``prepare_threshold`` times; that needs server-side
    # binding). A deadline burst runs the same few statements thousands of times: 194 → 237
    # submissions/s here (bench/deadline_burst.py). Django ships server-side binding off because
    # a parameter PostgreSQL cannot type fails with it; KCN's whole suite runs with it on.
    # KCN_DB_PREPARED=false turns it off behind a pooler in transaction mode that cannot keep
    # prepared statements (PgBouncer before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory by default, Redis with REDIS_URL
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Task queue: Huey. Redis when REDIS_URL is set (run `kcn run_huey` on any number of
# machines); otherwise SQLite storage with a consumer thread inside the web process.
KCN_TASKS_IMMEDIATE = env_bool("KCN_TASKS_IMMEDIATE", False)
KCN_INPROCESS_WORKER = env_bool("KCN_INPROCESS_WORKER", not REDIS_URL)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "kcn",
        "url": REDIS_URL,
        "immediate": KCN_TASKS_IMMEDIATE,
        "consumer": {"workers": int(env("KCN_WORKERS", "4")), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "kcn",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": KCN_TASKS_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("KCN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

# --- Language and time: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["kcn.formats"]
LANGUAGE_COOKIE_NAME = "kcn_language"

STATIC_URL = "static/"
# kcn/static holds the vendored Bootstrap, htmx and Leaflet and KCN's own CSS and JS.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve app and vendored files without collectstatic on the embedded setup
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env("KCN_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"

# Uploads: anything above this is refused before it is parsed.
KCN_MAX_UPLOAD_BYTES = int(env("KCN_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Worker lists: a 300,000-row .xlsx is about 30 MB, and up to KCN_WORKERS_MAX_ROWS rows are taken.
KCN_WORKERS_MAX_UPLOAD_BYTES = int(env("KCN_WORKERS_MAX_UPLOAD_BYTES", str(100 * 1024 * 1024)))
KCN_WORKERS_MAX_ROWS = int(env("KCN_WORKERS_MAX_ROWS", "500000"))
# Paths whose uploads may be larger than KCN_MAX_UPLOAD_BYTES.
KCN_UPLOAD_LIMITS = {
    "/workers/upload/": KCN_WORKERS_MAX_UPLOAD_BYTES,
    "/api/v1/workers/uploads/": KCN_WORKERS_MAX_UPLOAD_BYTES,
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "kcn.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

EMAIL_HOST = env("KCN_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(env("KCN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("KCN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env("KCN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KCN_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("KCN_EMAIL_FROM", "KCN <no-reply@kcn.local>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kcn.core.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "kcn.core.api.pagination.KcnPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KCN API",
    "DESCRIPTION": "REST API v1 of KCN. Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI is served from drf-spectacular-sidecar's static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The sector list is used by enterprises, schedules and announcements: one name for it.
    "ENUM_NAME_OVERRIDES": {
        "SectorEnum": "kcn.registry.choices.Sector",
        "AttendanceStatusEnum": "kcn.training.choices.AttendanceStatus",
        "CriterionTargetEnum": "kcn.training.choices.CriterionTarget",
        "ActivityStatusEnum": "kcn.network.choices.ActivityStatus",
    },
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("KCN_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("KCN_LOG_LEVEL", "WARNING")},
}
# Zalo Official Account: the message endpoint and the OA's access token (no token: Zalo deliveries fail
# with a clear error and can be retried once it is set).
KCN_ZALO_OA_URL = env("KCN_ZALO_OA_URL", "https://openapi.zalo.me/v3.0/oa/message/cs")
KCN_ZALO_OA_TOKEN = env("KCN_ZALO_OA_TOKEN", "")
# Public address of KCN, to turn a notification's path into a full link in e-mail and Zalo messages.
KCN_BASE_URL = env("KCN_BASE_URL", "")
# Reporting reminders (kcn/reporting/reminders.py, every 15 minutes in the task queue): the enterprises that
# have not reported are reminded this long before the deadline (hours for daily and ad hoc reports, days for
# weekly and longer ones), and each department gets the list of its enterprises still missing during this
# many hours after the deadline (older periods are left alone).
KCN_REPORT_REMINDER_HOURS = int(env("KCN_REPORT_REMINDER_HOURS", "3"))
KCN_REPORT_REMINDER_DAYS = int(env("KCN_REPORT_REMINDER_DAYS", "2"))
KCN_REPORT_MISSING_LIST_HOURS = int(env("KCN_REPORT_MISSING_LIST_HOURS", "24"))
KCN_MAP_TILE_URL = env("KCN_MAP_TILE_URL", "")  # e.g. https://tiles.example.gov.vn/{z}/{x}/{y}.png
