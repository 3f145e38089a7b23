"""Kejijie settings: one module, driven by the environment.

With no environment at all it runs on an embedded default (SQLite, a file-system Celery broker and a
file-based cache under ``var/``) so that ``make run`` works on a fresh machine. ``DATABASE_URL`` and
``REDIS_URL`` move it onto PostgreSQL and Redis. ``KEJIJIE_ENV=production`` turns on the settings that
``manage.py check --deploy`` asks for and makes the secret key and allowed hosts mandatory.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# Nothing here creates a folder: festival.local.ensure_local_folders() does, when the apps are ready.
VAR_DIR = Path(environ.Env().str("KEJIJIE_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
# A local .env is optional; the environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

KEJIJIE_ENV = env.str("KEJIJIE_ENV", default="development")
if KEJIJIE_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("KEJIJIE_ENV must be 'development' or 'production'.")
PRODUCTION = KEJIJIE_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

# SECRET_KEY, or SECRET_KEY_FILE naming a file that holds it (Docker secrets, systemd credentials); the file
# wins when both are set. django-environ's FileAwareEnv does that lookup. Its mapping is read as it is, not
# through env.str(), which would take a key beginning with "$" (one in fifty of Django's random keys) for a
# reference to another variable. Surrounding whitespace, such as the file's last newline, is not part of it.
SECRET_KEY = environ.FileAwareEnv.ENVIRON.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE) in production.")
    SECRET_KEY = "django-insecure-development-key-only-for-the-embedded-demo"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in production.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "festival.views.errors.csrf_failure"

INSTALLED_APPS = [
    "festival.apps.OperatorsAdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "core",
    "schools",
    "competitions",
    "submissions",
    "judging",
    "awards",
    "exports",
    "demo",
    "festival",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body (CSRF reads the form in process_view); it needs to know the user.
    "festival.middleware.BodySizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "schools.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "festival.urls"
WSGI_APPLICATION = "festival.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'kejijie.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker share one file: wait for locks instead of failing,
    # take the write lock up front, and let readers run beside a writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file, not memory, so that a real Celery worker process can see the test data; one
    # per test run, so that two runs at once (two terminals, two developers' helpers) never share one.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-kejijie-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -----------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kejijie",
        }
    }
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    # A task taken by a worker that died (acks_late: not acknowledged) goes back on the queue for another
    # worker this long after it was handed out; Redis's default of an hour would leave a school waiting.
    # Longer than any export takes, and the same as the retry button's 15 minutes.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900)}
else:
    CACHES = {
        "default": {
            # Shared by the web server and the worker on one machine, unlike LocMemCache.
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True  # progress lives in database rows, not in a result backend
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Shanghai"
# A queue of the installation's own, for several installations on one broker (and each test's worker).
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
# Periodic work, sent by one `celery beat` process (or `worker -B` in development). Cron running the same
# manage.py commands does the same job; see the README.
CELERY_BEAT_SCHEDULE = {
    "requeue-exports": {
        "task": "exports.requeue_exports",
        "schedule": env.float("EXPORTS_REQUEUE_SECONDS", default=300.0),
        # Sent while no worker runs, a pile of them would only repeat one another.
        "options": {"expires": env.float("EXPORTS_REQUEUE_SECONDS", default=300.0)},
    },
    "requeue-roster-imports": {
        "task": "schools.requeue_roster_imports",
        "schedule": env.float("EXPORTS_REQUEUE_SECONDS", default=300.0),
        "options": {"expires": env.float("EXPORTS_REQUEUE_SECONDS", default=300.0)},
    },
    "sweep-files": {"task": "core.sweep_files", "schedule": crontab(hour=3, minute=30)},  # CELERY_TIMEZONE
}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "schools.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "schools.auth_backends.UsernameOrStudentNumberBackend",
    "rules.permissions.ObjectPermissionBackend",
]
# Argon2id at OWASP's cost, about 30 ms a login: 200 pupils log in within the deadline's last minute
# (schools/hashers.py). The others check older hashes, which are re-hashed at the next login.
PASSWORD_HASHERS = [
    "schools.hashers.PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    # Single-use initial passwords from a roster import (see schools/hashers.py).
    "schools.hashers.InitialPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login attempts: five failures for one name from one address lock that pair, for a minute the first time and
# twice as long each further time within a day, up to 15 minutes (schools.lockout). The failure log counts them.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = "schools.lockout.cool_off"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Tries while locked are refused without counting: a lock ends on time, however often the pupil (or the classmate
# who caused it) tries again meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# locale/ holds the project's catalogue; locale-parts/* are catalogues of work in progress that get
# merged into it (Django merges every folder listed here, the first one winning).
LOCALE_PATHS = [BASE_DIR / "locale", *sorted(p for p in (BASE_DIR / "locale-parts").glob("*") if p.is_dir())]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files that must never be public (credentials sheets, unpublished entries) live here and are
# served only through views that check permission.
PRIVATE_ROOT = Path(env.str("PRIVATE_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if not PRODUCTION:
    # WhiteNoise serves straight from the app folders in development; it only wants STATIC_ROOT to exist
    # (festival.local.ensure_local_folders() makes it).
    WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads stream to a temporary file
# Where they stream to (default: the system's temporary folder). A web worker killed during an upload leaves
# its tmp*.upload* file here; manage.py sweep_files (and the nightly task) deletes those older than an hour.
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default=None)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# festival.middleware.BodySizeLimitMiddleware: what a request may declare before it is read at all.
# Anonymous: the login form and the language switch are well under 1 KB.
ANONYMOUS_MAX_BODY_BYTES = env.int("ANONYMOUS_MAX_BODY_BYTES", default=64 * 1024)
# /healthz/ reports storage failing when a file folder's free space is below both of these (1 GB and 5 %).
HEALTH_MIN_FREE_MB = env.int("HEALTH_MIN_FREE_MB", default=1024)
HEALTH_MIN_FREE_PERCENT = env.float("HEALTH_MIN_FREE_PERCENT", default=5.0)
# Logged in: the largest max_file_mb of the school's competitions (1 MB more for the form), at least this.
DEFAULT_UPLOAD_LIMIT_MB = 10
# The roster import refuses, before reading a row, a workbook that unpacks to more than this or declares
# more rows (schools.roster.read): a district-sized school has ~5,000 people, and its roster unpacks to 2 MB.
ROSTER_MAX_ROWS = 20_000
ROSTER_MAX_UNPACKED_BYTES = 50 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (docs/design.md, Front end), so the policy is strict: everything from
# this site, pictures also as data: URIs (the labels' QR codes). A private file's own "sandbox" policy stays.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Short text used in page titles and exports.
SITE_NAME = _("Kejijie science festival")
