"""Settings from environment variables with safe defaults (see docs/operations.md)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("STELSEL_DEBUG", False)
# The demo and tests run without a configured key; production must set one.
SECRET_KEY = os.environ.get("STELSEL_SECRET_KEY", "onveilig-alleen-voor-demo-en-tests")
ALLOWED_HOSTS = os.environ.get("STELSEL_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "stelsel.core",
    "stelsel.access",
    "stelsel.registry",
    "stelsel.triage",
    "stelsel.measures",
    "stelsel.lcc",
    "stelsel.deployment",
    "stelsel.intel",
    "stelsel.threatpicture",
    "stelsel.local",
    "stelsel.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "stelsel.access.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stelsel.urls"
WSGI_APPLICATION = "stelsel.wsgi.application"

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
                "stelsel.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{Path.cwd() / 'stelsel.sqlite3'}"),
        conn_max_age=int(os.environ.get("STELSEL_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes every transaction take the write lock at BEGIN, so journal appends are serialised.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20
    # A file, not Django's shared-cache memory database: that one locks whole tables and ignores the timeout,
    # so concurrent tests would measure SQLite's test mode instead of the real thing.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = f"{DATABASES['default']['NAME']}-test"
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if env_bool("STELSEL_FAST_HASHER", False)
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)
LOGIN_URL = "access:login"
LOGIN_REDIRECT_URL = "registry:person-list"

# Sessions end after STELSEL_SESSION_IDLE_MINUTES idle and STELSEL_SESSION_MAX_HOURS in all.
SESSION_IDLE_SECONDS = int(os.environ.get("STELSEL_SESSION_IDLE_MINUTES", "15")) * 60
SESSION_MAX_SECONDS = int(os.environ.get("STELSEL_SESSION_MAX_HOURS", "12")) * 3600
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_SECURE = env_bool("STELSEL_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Lockout after repeated failed logins (password or second factor), per username.
AXES_FAILURE_LIMIT = int(os.environ.get("STELSEL_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("STELSEL_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_LOCKOUT_CALLABLE = "stelsel.access.views.lockout_response"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Stelsel"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STELSEL_STATIC_ROOT", PROJECT_DIR / "staticfiles"))
# Front-end packages come from npm (package.json), installed by the setup scripts, never copied into the repo.
NODE_MODULES = Path(os.environ.get("STELSEL_NODE_MODULES", PROJECT_DIR / "node_modules"))
# Only the built files the templates use, not all of node_modules: WhiteNoise walks these directories whenever a
# request handler is built (once per process in production, but once per test client), and node_modules holds
# thousands of files the pages never ask for.
VENDOR_ASSETS = (
    "@rijkshuisstijl-community/components-css/dist",
    "@rijkshuisstijl-community/design-tokens/dist",
    "htmx.org/dist",
)
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "static"]
STATICFILES_DIRS += [
    (f"vendor/{asset}", NODE_MODULES / asset) for asset in VENDOR_ASSETS if (NODE_MODULES / asset).is_dir()
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["stelsel.access.permissions.IsVerifiedUser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "stelsel.core.problems.problem_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Stelsel API",
    "DESCRIPTION": "API van Stelsel, het informatiesysteem voor het taakveld bewaken en beveiligen.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["stelsel.access.permissions.IsVerifiedUser"],
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("STELSEL_LOG_LEVEL", "WARNING")},
}

# Demo mode lets `stelsel totp USER` print a current second-factor code; never set in production.
STELSEL_DEMO = env_bool("STELSEL_DEMO", False)

# Only the test suite switches this on, so Django may empty append-only tables between browser tests.
STELSEL_ALLOW_JOURNAL_PURGE = env_bool("STELSEL_ALLOW_JOURNAL_PURGE", False)

# The severity x likelihood matrix of threat levels (R33): empty means the shipped default table. A file with the
# official tables lists every version, earlier ones included; `stelsel check-threat-matrices FILE` validates it.
STELSEL_THREAT_MATRICES_FILE = os.environ.get("STELSEL_THREAT_MATRICES_FILE", "")

# Attachments of threat products live outside the database rows, content-addressed by SHA-256 (intel.attachments).
STELSEL_ATTACHMENT_ROOT = os.environ.get("STELSEL_ATTACHMENT_ROOT", str(PROJECT_DIR / "var" / "attachments"))
STELSEL_ATTACHMENT_MAX_BYTES = int(os.environ.get("STELSEL_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
STELSEL_ATTACHMENT_MAX_COUNT = int(os.environ.get("STELSEL_ATTACHMENT_MAX_COUNT", "10"))
# A request body (other than multipart files, which Django streams to disk) is read into memory up to this size: room
# for one full-size attachment in base64 in a JSON API delivery. Larger deliveries go through the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("STELSEL_MAX_REQUEST_BYTES", str(16 * 1024 * 1024)))

# Lockout is per account on purpose: by IP address it would lock out whole offices behind one gateway.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
STELSEL_PLAN_RUNNER = os.environ.get("STELSEL_PLAN_RUNNER", "thread")  # "off": runs stay queued for a worker
