"""The one settings module. Every knob is an ``ACCORDWATCH_*`` environment variable.

Nothing here holds a secret: the secret key comes from the environment, or, for the
demo and for development, from a file that ``accordwatch demo`` generates under ./var/.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ACCORDWATCH_VAR_DIR", Path.cwd() / "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _flag("ACCORDWATCH_DEBUG")


def _secret_key() -> str:
    key = os.environ.get("ACCORDWATCH_SECRET_KEY", "").strip()
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if DEBUG:
        # Development only: a per-process key, so sessions do not survive a restart.
        from django.core.management.utils import get_random_secret_key

        return get_random_secret_key()
    raise ImproperlyConfigured(
        "ACCORDWATCH_SECRET_KEY is not set (and no ./var/secret_key exists). "
        "Set it in the environment, or run `accordwatch demo` to generate one for a demo."
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _list("ACCORDWATCH_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = _list("ACCORDWATCH_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "accordwatch.core",
    "accordwatch.commitments",
    "accordwatch.incidents",
    "accordwatch.sanctions",
    "accordwatch.assistance",
    "accordwatch.situation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "accordwatch.urls"
WSGI_APPLICATION = "accordwatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accordwatch.core.context_processors.roles",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("ACCORDWATCH_DATABASE_URL", "").strip()
    if not url:
        url = f"sqlite:///{VAR_DIR / 'accordwatch.sqlite3'}"
    config = dj_database_url.parse(
        url, conn_max_age=int(os.environ.get("ACCORDWATCH_CONN_MAX_AGE", "0"))
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        }
        config["TEST"] = {"NAME": os.environ.get("ACCORDWATCH_TEST_DATABASE_NAME") or None}
    elif config["ENGINE"].startswith("django.db.backends.postgresql"):
        # PostgreSQL's JIT compiles any query its planner costs high, such as a subquery
        # run once per pledge, and spent 4.5 s compiling a 0.1 s query (pledge fulfilment
        # by donor, 33,000 pledges). Our queries are short: no JIT, unless the URL says.
        options = config.setdefault("OPTIONS", {})
        if "options" not in options:
            options["options"] = "-c jit=off"
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "dashboard"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("Français")), ("ar", _("العربية"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or _flag("ACCORDWATCH_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or _flag("ACCORDWATCH_PLAIN_STATIC")

# Uploads (the commitments CSV) are parsed in a stream; keep big files off memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Production hardening: on unless debugging or explicitly serving plain HTTP locally
# (the demo on 127.0.0.1 has no TLS).
# The incident map draws the region polygons shipped with the project and needs no tile
# server; a URL template here (https://tiles.example.org/{z}/{x}/{y}.png) adds a background
# layer, fetched by each reader's browser from that server.
MAP_TILES = os.environ.get("ACCORDWATCH_MAP_TILES", "").strip()
MAP_TILES_ATTRIBUTION = os.environ.get("ACCORDWATCH_MAP_TILES_ATTRIBUTION", "").strip()

_HTTPS = not DEBUG and not _flag("ACCORDWATCH_INSECURE_HTTP")
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = _HTTPS and _flag("ACCORDWATCH_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("ACCORDWATCH_HSTS_SECONDS", "31536000" if _HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = _HTTPS
if _flag("ACCORDWATCH_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ACCORDWATCH_LOG_LEVEL", "WARNING")},
}
