"""Settings of the marketplace reference project.

Everything that differs between machines comes from environment variables with safe defaults:

- ``DATABASE_URL``: e.g. ``postgres://postgres@127.0.0.1:5432/test``; default a SQLite file.
- ``MARKETPLACE_SECRET_KEY``, ``MARKETPLACE_DEBUG`` (``1`` enables), ``MARKETPLACE_ALLOWED_HOSTS``.
- ``MARKETPLACE_CELERY_BROKER_URL``: default ``redis://127.0.0.1:6379/0``.
- ``MARKETPLACE_REMOTE_CRM_URL``: when set, customers mirror to that OData v4 service.
- ``MARKETPLACE_EVENTS`` (default ``1``): order and item changes go to the change stream;
  ``MARKETPLACE_EVENTS_BROKER_URL``: default ``amqp://guest:guest@127.0.0.1:5672//``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable (``1``, ``true``, ``yes`` and ``on`` are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("MARKETPLACE_DEBUG")
# The default key is only good for local development; deployments set MARKETPLACE_SECRET_KEY.
SECRET_KEY = os.environ.get("MARKETPLACE_SECRET_KEY", "insecure-local-development-key-change-me")
ALLOWED_HOSTS = os.environ.get("MARKETPLACE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "modelsync.audit",
    "modelsync.ordering",
    "modelsync.sync",
    "modelsync.remote",
    "modelsync.events",
    "marketplace",
    "marketplace.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "marketplace.api.errors.JsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "modelsync.tracking.middleware.TrackingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
ASGI_APPLICATION = "marketplace.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}
#: SQLite serving a web app with concurrent writers: WAL lets readers work beside the writer;
#: IMMEDIATE transactions take the write lock when they begin, so two writers queue for it
#: instead of one failing with "database is locked" halfway; the timeout is how long they queue.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "marketplace.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "marketplace.api.errors.exception_handler",
    # Sign-in attempts per client address (the token endpoint and the login page).
    "DEFAULT_THROTTLE_RATES": {"login": os.environ.get("MARKETPLACE_LOGIN_RATE", "10/minute")},
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Marketplace API",
    "DESCRIPTION": "The django-modelsync reference marketplace.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from the installed drf-spectacular-sidecar: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

CELERY_BROKER_URL = os.environ.get("MARKETPLACE_CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = os.environ.get("MARKETPLACE_CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ACKS_LATE = True

# Remote CRM mirror (modelsync.remote); empty means the marketplace runs purely locally.
MARKETPLACE_REMOTE_CRM_URL = os.environ.get("MARKETPLACE_REMOTE_CRM_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"modelsync": {"handlers": ["console"], "level": "WARNING"}},
}

# --- marketplace
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "OrderStatusEnum": "marketplace.models.orders.Order.Status",
    "OrderItemStatusEnum": "marketplace.models.orders.OrderItem.Status",
}
# How many newest rows each dashboard list shows (the REST collections have them all).
MARKETPLACE_DASHBOARD_LIMIT = int(os.environ.get("MARKETPLACE_DASHBOARD_LIMIT", "20"))

# --- remote
# The marketplace's CRM is the remote of modelsync.remote; empty keeps everything local.
MODELSYNC_REMOTE_URL = MARKETPLACE_REMOTE_CRM_URL
MODELSYNC_REMOTE_TOKEN = os.environ.get("MARKETPLACE_REMOTE_CRM_TOKEN", "")
# 1: CRM writes wait in the outbox (Celery delivers them), so a CRM outage never blocks sign-ups.
MODELSYNC_REMOTE_OUTBOX = env_flag("MARKETPLACE_REMOTE_CRM_OUTBOX")

# --- events
# Order and item life cycles go to the change stream (modelsync.events): `modelsync_events
# relay` publishes them to this broker, `notifications` turns them into customer notifications.
MODELSYNC_EVENTS_BROKER_URL = os.environ.get(
    "MARKETPLACE_EVENTS_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//"
)
MARKETPLACE_EVENT_MODELS = {
    "marketplace.Order": {
        "fields": ["order_code", "customer", "vendor", "status", "total_amount", "is_paid"]
    },
    "marketplace.OrderItem": {"fields": ["order", "product", "quantity", "status"]},
}
MODELSYNC_EVENTS_MODELS = MARKETPLACE_EVENT_MODELS if env_flag("MARKETPLACE_EVENTS", True) else {}
