"""mesodesk's one settings module, read from the environment.

Each helper raises on a value it cannot read, so a typo in the environment
stops start-up instead of running with a silent default.
"""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# Lets generic Django classes be subscripted at run time (ModelForm[Patient]) as mypy wants.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MESODESK_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # Written once, readable by the owner only; never in the repository.
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _audit_keys() -> list[str]:
    """The audit trail's HMAC keys, the one that signs new rows last (see docs/operations.md).

    Never stored in the database: someone who can rewrite the audit table must not also hold
    the key that makes a rewritten row look genuine. Retired keys stay, to verify old rows.
    """
    if key := os.environ.get("MESODESK_AUDIT_KEY"):
        return [*env_list("MESODESK_AUDIT_RETIRED_KEYS", ""), key]
    path = Path(os.environ.get("MESODESK_AUDIT_KEY_FILE", VAR_DIR / "audit_keys"))
    if not path.exists():
        # The web server and the worker may start together: the key is written whole to a
        # file of our own (never readable by others), then linked into place; whoever
        # links first wins, and everyone reads that one key.
        path.parent.mkdir(parents=True, exist_ok=True)
        mine = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        handle = os.open(mine, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(handle, (secrets.token_urlsafe(32) + "\n").encode())
            os.fsync(handle)
        finally:
            os.close(handle)
        try:
            os.link(mine, path)
        except FileExistsError:
            pass
        finally:
            mine.unlink()
    keys = [
        line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")
    ]
    if not keys:
        raise ImproperlyConfigured(f"{path} holds no audit key: one key a line, the newest last")
    return keys


AUDIT_KEYS = _audit_keys()


# The key of the network registry's pseudonyms: MESODESK_REGISTRY_KEY, or else the file
# MESODESK_REGISTRY_KEY_FILE (var/registry_key), read and on first use created by
# registry.keys.registry_key() when the registry first needs it, not here at every start.
REGISTRY_KEY = os.environ.get("MESODESK_REGISTRY_KEY") or None
REGISTRY_KEY_FILE = Path(os.environ.get("MESODESK_REGISTRY_KEY_FILE", VAR_DIR / "registry_key"))
# Where `mesodesk report registry-dataset` leaves each network's Parquet dataset (network-<id>/),
# which the registry's pages then read instead of the database (docs/performance.md).
# Unset: every report is made from the database at once (a network of a few clinics).
REGISTRY_DATASET_DIR = (
    Path(os.environ["MESODESK_REGISTRY_DATASET_DIR"])
    if os.environ.get("MESODESK_REGISTRY_DATASET_DIR")
    else None
)
# The signed checkpoints of the audit chains' heads: outside the database, by default beside it.
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("MESODESK_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints"))
AUDIT_CHECKPOINT_MINUTES = env_int("MESODESK_AUDIT_CHECKPOINT_MINUTES", 60)
BACKUP_DIR = Path(os.environ.get("MESODESK_BACKUP_DIR", VAR_DIR / "backups"))
DEBUG = env_bool("MESODESK_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "en"
# Every screen and every patient document exists in these three; a test fails on a gap.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("de", "Deutsch")]
# Each app keeps its catalogue in its own locale/; this one holds the project templates'.
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# ISO first among the input formats: a browser's date input shows nothing for 25/11/2026.
FORMAT_MODULE_PATH = ["mesodesk.formats"]


# A connection kept open between requests (per server thread) saves a connect, and on
# SQLite the PRAGMAs, on every request: about twice the API's throughput (docs/performance.md).
# Health checks test a kept connection before a request uses it, so a database restart
# costs one reconnect, not an error. 0 closes it after every request, as Django's default.
def conn_max_age() -> int:
    seconds = env_int("MESODESK_DB_CONN_MAX_AGE", 600)
    if seconds < 0:
        raise ImproperlyConfigured(f"MESODESK_DB_CONN_MAX_AGE must be 0 or more seconds, not {seconds}")
    return seconds


DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'mesodesk.sqlite3'}",
        conn_max_age=conn_max_age(),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write
        # lock at BEGIN, so the audit chain and booking checks read what they lock.
        # Checkpoints at 10,000 pages (40 MB of WAL), not SQLite's 1,000: every audited read
        # writes a page or so per line to each index keyed by patient, object or hash, and a
        # checkpoint, with its fsync, runs inside the request that crosses the mark; ten times
        # fewer of them, each copying a page rewritten many times once, cost an audited API
        # read about 0.85x the processor (docs/performance.md, "The WAL's checkpoints").
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=10000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Floors from the ground up (docs/architecture.md); import-linter keeps imports pointing down.
    "mesodesk.accounts",
    "mesodesk.documents",
    "mesodesk.reference",
    "mesodesk.patients",
    "mesodesk.courses",
    "mesodesk.inventory",
    "mesodesk.safety",
    "mesodesk.outcomes",
    "mesodesk.scheduling",
    "mesodesk.charting",
    "mesodesk.recall",
    "mesodesk.administration",
    "mesodesk.desk",
    "mesodesk.registry",
    "mesodesk.demo",
    "mesodesk.operations",
    # After the apps: accounts' sign-in receivers run before axes' (accounts.signals says why).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # The API docs page's Swagger UI from ninja's own static files, not from a CDN (works offline).
    "ninja",
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = os.environ.get("MESODESK_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("MESODESK_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("MESODESK_SMTP_PORT", 25)
EMAIL_HOST_USER = os.environ.get("MESODESK_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("MESODESK_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("MESODESK_SMTP_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("MESODESK_MAIL_FROM", "mesodesk@localhost")
# Where patients reach this server: links e-mailed by the worker (outcome questionnaires) start with it.
PUBLIC_URL = os.environ.get("MESODESK_PUBLIC_URL", "http://localhost:8000")
REMINDER_HOURS_BEFORE = env_int("MESODESK_REMINDER_HOURS_BEFORE", 72)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, above NoStoreMiddleware: they keep their caching.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mesodesk.accounts.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The staff's choice (cookie from the language switch), else the browser's languages.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "mesodesk.accounts.middleware.IdleTimeoutMiddleware",
    "mesodesk.accounts.middleware.ClinicScopeMiddleware",
    "mesodesk.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mesodesk.urls"
WSGI_APPLICATION = "mesodesk.wsgi.application"
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
                "mesodesk.accounts.context.navigation",
            ]
        },
    }
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Axes first: it refuses a locked-out name or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:dashboard"

# Idle sign-out: a treatment-room tablet left unattended must not stay signed in.
IDLE_TIMEOUT_SECONDS = env_int("MESODESK_IDLE_TIMEOUT_MINUTES", 15) * 60
SESSION_COOKIE_AGE = 12 * 3600
INTAKE_LINK_HOURS = env_int("MESODESK_INTAKE_LINK_HOURS", 72)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Production is served over HTTPS (directly or behind a TLS-terminating proxy): MESODESK_TLS
# turns on secure cookies, the redirect to HTTPS and HSTS together, so that none is forgotten
# (`check --deploy` then warns of nothing; tests/accounts/test_deploy_settings.py).
# MESODESK_SECURE_COOKIES is its older name.
TLS = env_bool("MESODESK_TLS", env_bool("MESODESK_SECURE_COOKIES", False))
SESSION_COOKIE_SECURE = TLS
CSRF_COOKIE_SECURE = TLS
SECURE_SSL_REDIRECT = TLS
SECURE_HSTS_SECONDS = env_int("MESODESK_HSTS_SECONDS", 31_536_000) if TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = TLS
SECURE_HSTS_PRELOAD = TLS and env_bool("MESODESK_HSTS_PRELOAD", True)
if env_bool("MESODESK_BEHIND_PROXY", False):
    # Only behind a proxy that sets this header itself (and strips a client's).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere: scripts and styles come from our static files. The one
# nonce is for the <style> FullCalendar builds (it reads it from <meta name="csp-nonce">);
# django-csp only sends it on pages that asked for it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],  # FullCalendar's icon font is a data: URL in its style sheet
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sign-in lockout (django-axes): after this many failures for one user name, or from one
# address, both are refused for the cool-off, the right password included. While locked,
# failures are not stored (each would restart the clock and add a row), so a flood of
# sign-ins for made-up names stores a handful of rows per address, removed when they expire.
AXES_FAILURE_LIMIT = env_int("MESODESK_SIGN_IN_FAILURES", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("MESODESK_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_DISABLE_ACCESS_LOG = True  # the audit trail records sign-ins
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Axes keeps the failed form's fields: a code typed in (or mistyped recovery code) is masked.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
AXES_LOCKOUT_CALLABLE = "mesodesk.accounts.lockout.locked_out"
AXES_VERBOSE = False
# Behind a proxy every request comes from the proxy: the address is the one it appended.
BEHIND_PROXY = env_bool("MESODESK_BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "mesodesk.accounts.lockout.client_address"

# Two-factor sign-in (django-otp): the issuer an authenticator app shows beside the code.
OTP_TOTP_ISSUER = os.environ.get("MESODESK_TOTP_ISSUER", "mesodesk")

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at start-up until collectstatic has run
# Uploaded files (the session photographs): kept under the var dir, outside the static root,
# served only through an authorised view, and copied by `mesodesk backup`.
MEDIA_ROOT = Path(os.environ.get("MESODESK_MEDIA_DIR", VAR_DIR / "media"))
# The largest photograph accepted, in bytes (a tablet's camera gives 3 to 8 MB).
PHOTO_MAX_BYTES = env_int("MESODESK_PHOTO_MAX_BYTES", 15 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MESODESK_LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every step of every PDF at INFO.
    # axes narrates every failed sign-in at INFO; its lockouts stay at WARNING.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
