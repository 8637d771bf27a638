"""Klynge's one settings module: every value comes from the environment (see README)."""

from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from klynge.lib import broker
from klynge.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("KLYNGE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Behind TLS in production; the demo and the test server speak plain HTTP on loopback.
HTTPS = env_bool("KLYNGE_HTTPS", not DEBUG)
# Coordinators, board, secretariat and regional users must set up TOTP before they go on.
KLYNGE_REQUIRE_MFA = env_bool("KLYNGE_REQUIRE_MFA", not DEBUG)
# The public address, used in e-mailed links and calendar files.
KLYNGE_BASE_URL = env_str("KLYNGE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "klynge.accounts",
    "klynge.clusters",
    "klynge.members",
    "klynge.meetings",
    "klynge.money",
    "klynge.year",
    "klynge.mail",
    "klynge.desk",
    "klynge.events",
    "klynge.privacy",
    "klynge.messaging",
    "klynge.api",
    "klynge.surveys",
    "klynge.hub",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "simple_history",
    "post_office",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Derived data's tokens are read once per request (klynge/lib/derived.py).
    "klynge.lib.derived.RequestScope",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "klynge.accounts.middleware.RequireMFAMiddleware",
    "klynge.accounts.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "klynge.urls"
FORM_RENDERER = "klynge.lib.forms.DKFDSRenderer"
WSGI_APPLICATION = "klynge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "klynge" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "klynge.accounts.context_processors.navigation",
            ],
            "string_if_invalid": "",
        },
    }
]

# --- Database: SQLite file under var/ by default, PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL and not DATABASE_URL.startswith("sqlite:"):
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 600), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            # sqlite:////absolute/path names another file with the same options.
            "NAME": (
                dj_database_url.parse(DATABASE_URL)["NAME"]
                if DATABASE_URL
                else VAR_DIR / "klynge.sqlite3"
            ),
            # Persistent connection; WAL lets readers and one writer work side by side, and
            # IMMEDIATE transactions take the write lock up front instead of failing mid-way.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }

CACHES = {
    # A shared cache so allauth's rate limits hold across processes.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "klynge_cache",
        # Derived data per cluster (klynge/lib/derived.py) lives here too: room for every cluster.
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "optional"
# People are added by their cluster's coordinator or the secretariat, never by open sign-up.
ACCOUNT_ADAPTER = "klynge.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_FORMS = {"request_login_code": "klynge.accounts.forms.RequestLoginCodeForm"}
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Klynge] "
ACCOUNT_SESSION_REMEMBER = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Klynge"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# --- Log-in through a MitID Erhverv broker (OpenID Connect): on when a server URL is set.
KLYNGE_OIDC_SERVER_URL = env_str("KLYNGE_OIDC_SERVER_URL").rstrip("/")
KLYNGE_OIDC_NAME = env_str("KLYNGE_OIDC_NAME", "MitID Erhverv")
# The NSIS level the ID token must vouch for (low, substantial, high); empty: not checked.
KLYNGE_OIDC_REQUIRED_LOA = broker.required_level(env_str("KLYNGE_OIDC_REQUIRED_LOA"))
KLYNGE_OIDC_LOA_CLAIM = env_str("KLYNGE_OIDC_LOA_CLAIM", broker.LOA_CLAIM)
KLYNGE_OIDC_EMAIL_CLAIM = env_str("KLYNGE_OIDC_EMAIL_CLAIM", "email")
SOCIALACCOUNT_PROVIDERS = broker.openid_connect_providers(
    server_url=KLYNGE_OIDC_SERVER_URL,
    client_id=env_str("KLYNGE_OIDC_CLIENT_ID"),
    secret=env_str("KLYNGE_OIDC_CLIENT_SECRET"),
    name=KLYNGE_OIDC_NAME,
    scope=env_str("KLYNGE_OIDC_SCOPE", "openid email profile").split(),
)
# The broker only vouches for a person: the adapter matches the verified e-mail to an account
# (or a registered person), refuses everyone else and never signs anyone up.
SOCIALACCOUNT_ADAPTER = "klynge.accounts.broker.BrokerAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False

# --- Internationalisation: Danish is the source language, English a translation.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "klynge" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Copenhagen"
USE_TZ = True
FORMAT_MODULE_PATH = ["klynge.formats"]

# --- Static files: DKFDS and htmx come from npm (node_modules), served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "klynge" / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# Hashed file names (collectstatic) in production; tests and the demo serve from the finders.
STATIC_MANIFEST = env_bool("KLYNGE_STATIC_MANIFEST", not DEBUG)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if not STATIC_MANIFEST
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files are never served directly: views check access and stream them.
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
KLYNGE_MAX_UPLOAD_BYTES = env_int("KLYNGE_MAX_UPLOAD_MB", 15) * 1024 * 1024

# --- E-mail: every mail is a row in the outbox (django-post-office), sent by the worker.
_email = dj_email_url.parse(env_str("EMAIL_URL", "console:"))
_email_backend = _email.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": _email["EMAIL_HOST"] or "localhost",
        "port": _email["EMAIL_PORT"] or 25,
        "username": _email["EMAIL_HOST_USER"] or "",
        "password": _email["EMAIL_HOST_PASSWORD"] or "",
        "use_tls": _email["EMAIL_USE_TLS"],
        "use_ssl": _email["EMAIL_USE_SSL"],
        "timeout": _email["EMAIL_TIMEOUT"] or 20,
    }
elif _email_backend.endswith("filebased.EmailBackend"):
    _email_options = {"file_path": "/" + _email["EMAIL_FILE_PATH"]}
else:
    _email_options = {}
MAILERS = {
    # Django's send_mail() (and so allauth) queues into the outbox...
    "default": {"BACKEND": "post_office.EmailBackend"},
    # ...and the worker delivers through this one.
    "delivery": {"BACKEND": _email_backend, "OPTIONS": _email_options},
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Klynge <noreply@klynge.example.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The ORGANIZER of every meeting request: calendar answers ("Accept") go to this Klynge mailbox,
# not to the coordinator's own inbox.
KLYNGE_REPLY_EMAIL = env_str(
    "KLYNGE_REPLY_EMAIL", "svar@" + DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">")
)
# The mailbox KLYNGE_REPLY_EMAIL delivers to, read by the worker (klynge/meetings/replies.py):
# imap://user:password@host:143/INBOX or imaps://…:993/INBOX. Empty: answers are not read.
KLYNGE_REPLY_IMAP_URL = env_str("KLYNGE_REPLY_IMAP_URL")
POST_OFFICE = {
    # post-office stores the mails; Klynge's worker (klynge/mail/worker.py) sends them, one claim
    # per mail, with its own retry rules (klynge/mail/rules.py).
    "DEFAULT_MAILER": "delivery",
    "DEFAULT_PRIORITY": "medium",
    # A Message-ID fixed when the mail is queued: a mail sent twice after a crash shows once.
    "MESSAGE_ID_ENABLED": True,
    "CELERY_ENABLED": False,
    "LOG_LEVEL": 1,
}
# A mail that keeps failing for a temporary reason (4xx, no connection) is given up after this.
KLYNGE_MAIL_GIVE_UP_HOURS = env_int("KLYNGE_MAIL_GIVE_UP_HOURS", 72)

# The API (/api/v1/): calls per token owner, "N/s", "N/m", "N/h" or "N/d".
KLYNGE_API_RATE = env_str("KLYNGE_API_RATE", "120/m")

# --- Security
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    # __Host- cookies are bound to this host, path / and HTTPS only.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = HTTPS and env_bool("KLYNGE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 63_072_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "klynge.accounts.views.csrf_failure"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # The log-in button posts here and is redirected on to the broker, which form-action covers.
    "form-action": [CSP.SELF]
    + ([broker.origin(KLYNGE_OIDC_SERVER_URL)] if KLYNGE_OIDC_SERVER_URL else []),
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Logging: warnings and errors to stderr, where gunicorn and systemd collect them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # The outbox worker says what it sent (send_due prints it); its own chatter stays quiet.
    "loggers": {"post_office": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
