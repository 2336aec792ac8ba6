"""Settings read from the environment (CSPDESK_*), 12-factor style.

Nothing else imports settings by path; tests use ``cspdesk.settings.test``.
"""

from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

# Relative paths (the SQLite file, var/) are resolved against CSPDESK_HOME, the current directory by default.
HOME = Path(env.str("CSPDESK_HOME", default=str(Path.cwd()))).resolve()
VAR_DIR = HOME / "var"

DEBUG = env.bool("CSPDESK_DEBUG", default=False)
SECRET_KEY = env.str("CSPDESK_SECRET_KEY", default="")
if not SECRET_KEY:
    # A key kept under var/ survives restarts of a local install and is never committed.
    from cspdesk.core.secret import local_secret_key

    SECRET_KEY = local_secret_key(VAR_DIR)

ALLOWED_HOSTS = env.list("CSPDESK_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSPDESK_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "ninja",
    "cspdesk.core",
    "cspdesk.live",
    "cspdesk.accounts",
    "cspdesk.catalog",
    "cspdesk.search",
    "cspdesk.kb",
    "cspdesk.registry",
    "cspdesk.notifications",
    "cspdesk.intake",
    "cspdesk.tickets",
    "cspdesk.sla",
    "cspdesk.triage",
    "cspdesk.vendor",
    "cspdesk.workflows",
    "cspdesk.api",
    "cspdesk.portal",
    "cspdesk.console",
    "cspdesk.admin",
    "cspdesk.demo",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Gives the thread its language back after the response (LocaleMiddleware leaves the request's).
    "cspdesk.core.middleware.language_restored",
    "django.middleware.locale.LocaleMiddleware",
    # Inside the language, outside everything that can answer with an HTML error page.
    "cspdesk.api.middleware.api_errors_as_json",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cspdesk.urls"
ASGI_APPLICATION = "cspdesk.asgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:queues"
# django-axes counts failed sign-ins (console and admin) per user name and address and locks out.
# RoleBackend grants each role its admin rights (cspdesk/accounts/roles.py); it never authenticates.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "cspdesk.accounts.roles.RoleBackend",
]
AXES_FAILURE_LIMIT = env.int("CSPDESK_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("CSPDESK_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The same address as the portal's limits and /metrics: X-Forwarded-For only from CSPDESK_TRUSTED_PROXIES.
AXES_CLIENT_IP_CALLABLE = "cspdesk.core.addresses.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "console/locked.html"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = env.int("CSPDESK_SESSION_SECONDS", default=12 * 3600)  # one shift

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cspdesk.console.context.incidents_nav",
                "cspdesk.console.context.live_cursor",
                "cspdesk.console.context.notifications_bell",
                "cspdesk.console.context.phone_pop",
            ],
        },
    },
]


def _database(url: str) -> dict:
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(config["NAME"])
        if not name.is_absolute() and str(name) != ":memory:":
            name = HOME / name
        name.parent.mkdir(parents=True, exist_ok=True)
        config["NAME"] = str(name)
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock up front so that
        # concurrent writers queue on the busy timeout instead of failing on a lock upgrade.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    else:
        config.setdefault("CONN_MAX_AGE", 60)
        config.setdefault("CONN_HEALTH_CHECKS", True)
    return config


DATABASES = {"default": _database(env.str("CSPDESK_DATABASE_URL", default="sqlite:///var/cspdesk.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": env.str("CSPDESK_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env.str("CSPDESK_TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_URL = env.str("CSPDESK_EMAIL_URL", default="")
if EMAIL_URL:
    _email = environ.Env.email_url_config(EMAIL_URL)
    MAILERS = {
        "default": {
            "BACKEND": _email["EMAIL_BACKEND"],
            "OPTIONS": {
                key: value
                for key, value in {
                    "host": _email.get("EMAIL_HOST"),
                    "port": _email.get("EMAIL_PORT"),
                    "username": _email.get("EMAIL_HOST_USER"),
                    "password": _email.get("EMAIL_HOST_PASSWORD"),
                    "use_tls": _email.get("EMAIL_USE_TLS"),
                    "use_ssl": _email.get("EMAIL_USE_SSL"),
                    "timeout": 30,
                }.items()
                if value not in (None, "")
            }
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {},
        }
    }
else:
    # No relay configured (as under `make run`): outgoing mail is written as .eml files under var/mail/.
    MAILERS = {
        "default": {
            "BACKEND": "cspdesk.notifications.backends.EmlDirectoryBackend",
            "OPTIONS": {"directory": str(VAR_DIR / "mail")},
        }
    }
SUPPORT_ADDRESS = env.str("CSPDESK_SUPPORT_ADDRESS", default="cloud-support@example.com")
DEFAULT_FROM_EMAIL = SUPPORT_ADDRESS
SERVER_EMAIL = SUPPORT_ADDRESS
# The desk's phone numbers as the public pages show them, comma-separated; each becomes a tel: link in
# E.164 ("+7 495 …" as written, a Russian "8 800 …" as +7 800 …; core/contacts.py).
SUPPORT_PHONES = env.list("CSPDESK_SUPPORT_PHONES", default=["8 800 777 38 07", "+7 495 544 50 24"])
REDIS_URL = env.str("CSPDESK_REDIS_URL", default="")

# API request bodies above this size are refused with 413 before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("CSPDESK_MAX_REQUEST_BYTES", default=2 * 1024 * 1024)

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
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# TLS. CSPDESK_HTTPS=1 says the desk is reached only over HTTPS: plain HTTP is redirected, cookies are
# sent over HTTPS only, browsers are told to keep to HTTPS for a year (HSTS, subdomains too). Each can
# be set on its own. Preloading (browsers' built-in HSTS list) is a commitment of the whole registrable
# domain, so it is never implied: CSPDESK_HSTS_PRELOAD=1.
HTTPS = env.bool("CSPDESK_HTTPS", default=False)
SECURE_SSL_REDIRECT = env.bool("CSPDESK_SSL_REDIRECT", default=HTTPS)
# Load balancers probe these over plain HTTP; they say nothing secret.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env.bool("CSPDESK_SECURE_COOKIES", default=HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("CSPDESK_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("CSPDESK_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("CSPDESK_HSTS_PRELOAD", default=False)
# Behind a proxy that terminates TLS, the proxy says which scheme the browser used. Trusted only when
# switched on: anyone can send the header to a desk reached directly.
BEHIND_TLS_PROXY = env.bool("CSPDESK_BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    _proxy_header = env.str("CSPDESK_TLS_PROXY_HEADER", default="X-Forwarded-Proto")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")

# The desk's own rules; every number in the support terms is a setting.
CSPDESK = {
    # Database threads per web process for the async views that store (the PBX webhooks): at most this
    # many of their writes at once, each thread keeping its connection (core/db_threads.py).
    "DB_THREADS": env.int("CSPDESK_DB_THREADS", default=2),
    # Proxies (addresses or networks) whose X-Forwarded-For names the client; from anyone else the
    # header is ignored, so that it cannot be forged (core/addresses.py).
    "TRUSTED_PROXIES": env.list("CSPDESK_TRUSTED_PROXIES", default=[]),
    # Prometheus /metrics: a bearer token, or client addresses and networks. With neither, loopback only
    # (`make run`) — unless the desk is behind a proxy or on HTTPS, where every visitor could look local.
    "METRICS_TOKEN": env.str("CSPDESK_METRICS_TOKEN", default=""),
    "METRICS_ALLOW": env.list(
        "CSPDESK_METRICS_ALLOW",
        default=[]
        if env.str("CSPDESK_METRICS_TOKEN", default="") or HTTPS or BEHIND_TLS_PROXY
        else ["127.0.0.0/8", "::1"],
    ),
    "TICKET_NUMBER_PREFIX": env.str("CSPDESK_TICKET_PREFIX", default="CSP"),
    "TICKET_NUMBER_DIGITS": env.int("CSPDESK_TICKET_DIGITS", default=6),
    "API_PAGE_SIZE": 50,
    "API_MAX_PAGE_SIZE": 200,
    "CONSOLE_REFRESH_SECONDS": env.int("CSPDESK_CONSOLE_REFRESH_SECONDS", default=30),
    # Where agents open the desk: links to tickets in mail to agents (SLA alerts, notifications).
    "DESK_URL": env.str("CSPDESK_DESK_URL", default="http://localhost:8000").rstrip("/"),
    # "all": every agent sees every ticket; "own_groups": an engineer sees their own tickets, their groups'
    # and those in no group yet (supervisors and administrators still see all).
    "ENGINEER_SEES": env.str("CSPDESK_ENGINEER_SEES", default="all"),
    # How often each web process reads the live-update log while a console page is open (live/hub.py).
    "LIVE_POLL_SECONDS": env.float("CSPDESK_LIVE_POLL_SECONDS", default=0.15),
    # Mail intake
    "OWN_ADDRESSES": env.list("CSPDESK_OWN_ADDRESSES", default=[]),
    "MAIL_MAX_MESSAGE_BYTES": env.int("CSPDESK_MAIL_MAX_MESSAGE_BYTES", default=50 * 1024 * 1024),
    "MAIL_MAX_ATTACHMENT_BYTES": env.int("CSPDESK_MAIL_MAX_ATTACHMENT_BYTES", default=25 * 1024 * 1024),
    "MAIL_PROCESSING_SECONDS": env.int("CSPDESK_MAIL_PROCESSING_SECONDS", default=30),
    # Parsing alone, in a helper process that is killed past it (plus a second per 5 MiB of message).
    "MAIL_PARSE_SECONDS": env.float("CSPDESK_MAIL_PARSE_SECONDS", default=1.0),
    "MAIL_REOPEN_DAYS": env.int("CSPDESK_MAIL_REOPEN_DAYS", default=14),
    "AUTO_REPLY_LIMIT": env.int("CSPDESK_AUTO_REPLY_LIMIT", default=20),
    "AUTO_REPLY_WINDOW_SECONDS": env.int("CSPDESK_AUTO_REPLY_WINDOW_SECONDS", default=2 * 3600),
    "SMTPD_BIND": env.str("CSPDESK_SMTPD_BIND", default="127.0.0.1:2525"),
    "IMAP_URL": env.str("CSPDESK_IMAP_URL", default=""),
    # Subscription registry
    "IMPORT_MAX_MB": env.int("CSPDESK_IMPORT_MAX_MB", default=100),
    "PARTNER_CENTER": {
        "BACKEND": env.str(
            "CSPDESK_PARTNER_CENTER_BACKEND",
            default="cspdesk.registry.backends.partner_center.PartnerCenterHttp",
        ),
        "BASE_URL": env.str("CSPDESK_PARTNER_CENTER_URL", default="https://api.partnercenter.microsoft.com"),
        "AUTHORITY": env.str("CSPDESK_PARTNER_CENTER_AUTHORITY", default="https://login.microsoftonline.com"),
        "TENANT": env.str("CSPDESK_PARTNER_CENTER_TENANT", default=""),
        "CLIENT_ID": env.str("CSPDESK_PARTNER_CENTER_CLIENT_ID", default=""),
        "CLIENT_SECRET": env.str("CSPDESK_PARTNER_CENTER_CLIENT_SECRET", default=""),
        "SCOPE": env.str(
            "CSPDESK_PARTNER_CENTER_SCOPE", default="https://api.partnercenter.microsoft.com/.default"
        ),
        "PAGE_SIZE": env.int("CSPDESK_PARTNER_CENTER_PAGE_SIZE", default=100),
        # A CA bundle to trust instead of the system's (e.g. behind a TLS-inspecting proxy).
        "CA_BUNDLE": env.str("CSPDESK_PARTNER_CENTER_CA_BUNDLE", default=""),
        "TIMEOUT_SECONDS": env.float("CSPDESK_PARTNER_CENTER_TIMEOUT", default=30.0),
        "MAX_ATTEMPTS": env.int("CSPDESK_PARTNER_CENTER_MAX_ATTEMPTS", default=6),
        "BACKOFF_SECONDS": env.float("CSPDESK_PARTNER_CENTER_BACKOFF", default=1.0),
        "MAX_RETRY_AFTER_SECONDS": env.int("CSPDESK_PARTNER_CENTER_MAX_RETRY_AFTER", default=300),
        # Customers with no indirect reseller (the distributor sells to them directly) go under this partner.
        "DIRECT_PARTNER_LOGIN": env.str("CSPDESK_PARTNER_CENTER_DIRECT_PARTNER", default="direct"),
    },
    # The requester portal and the public request form (issue 8)
    "PORTAL_LINK_MINUTES": env.int("CSPDESK_PORTAL_LINK_MINUTES", default=20),
    "PORTAL_SIGN_INS_PER_ADDRESS": env.int("CSPDESK_PORTAL_SIGN_INS_PER_ADDRESS", default=5),
    "PORTAL_REQUESTS_PER_ADDRESS": env.int("CSPDESK_PORTAL_REQUESTS_PER_ADDRESS", default=5),
    "PORTAL_REQUESTS_PER_IP": env.int("CSPDESK_PORTAL_REQUESTS_PER_IP", default=20),
    "PORTAL_LIMIT_WINDOW_MINUTES": env.int("CSPDESK_PORTAL_LIMIT_WINDOW_MINUTES", default=60),
    # Unknown addresses confirm their request by a mailed link before it becomes a ticket.
    "PORTAL_CONFIRM_UNKNOWN": env.bool("CSPDESK_PORTAL_CONFIRM_UNKNOWN", default=False),
    "PORTAL_CONFIRM_HOURS": env.int("CSPDESK_PORTAL_CONFIRM_HOURS", default=24),
    "PORTAL_MAX_ATTACHMENTS": env.int("CSPDESK_PORTAL_MAX_ATTACHMENTS", default=5),
    "PORTAL_MAX_ATTACHMENT_BYTES": env.int("CSPDESK_PORTAL_MAX_ATTACHMENT_BYTES", default=10 * 1024 * 1024),
    "PORTAL_ATTACHMENT_TYPES": env.list(
        "CSPDESK_PORTAL_ATTACHMENT_TYPES",
        default=[
            "png",
            "jpg",
            "jpeg",
            "gif",
            "bmp",
            "webp",
            "pdf",
            "txt",
            "log",
            "csv",
            "json",
            "xml",
            "doc",
            "docx",
            "xls",
            "xlsx",
            "ppt",
            "pptx",
            "odt",
            "ods",
            "rtf",
            "zip",
            "7z",
            "eml",
            "msg",
        ],
    ),
    # Primary reaction: resolution targets promised in the acceptance message (the SLA policy replaces them)
    "RESOLUTION_HOURS": env.int("CSPDESK_RESOLUTION_HOURS", default=24),
    "TYPICAL_RESOLUTION_HOURS": env.int("CSPDESK_TYPICAL_RESOLUTION_HOURS", default=2),
    "VENDOR_CASE_HOURS": env.int("CSPDESK_VENDOR_CASE_HOURS", default=2),
    # Microsoft 365 service health of the distributor's tenant (Graph service communications, issue 7).
    "SERVICE_HEALTH": {
        "BACKEND": env.str(
            "CSPDESK_SERVICE_HEALTH_BACKEND",
            default="cspdesk.vendor.backends.graph_health.GraphServiceHealth",
        ),
        "BASE_URL": env.str("CSPDESK_GRAPH_URL", default="https://graph.microsoft.com/v1.0"),
        "AUTHORITY": env.str("CSPDESK_GRAPH_AUTHORITY", default="https://login.microsoftonline.com"),
        "TENANT": env.str("CSPDESK_GRAPH_TENANT", default=""),
        "CLIENT_ID": env.str("CSPDESK_GRAPH_CLIENT_ID", default=""),
        "CLIENT_SECRET": env.str("CSPDESK_GRAPH_CLIENT_SECRET", default=""),
        "CA_BUNDLE": env.str("CSPDESK_GRAPH_CA_BUNDLE", default=""),
    },
    # Escalation to Microsoft (issue 7): one backend per vendor; credentials from the environment only.
    "VENDOR": {
        "SYNC_MINUTES": env.int("CSPDESK_VENDOR_SYNC_MINUTES", default=15),
        "BACKENDS": {
            "m365": {
                # Creating service requests through Partner Center was retired in 2020: the engineer opens
                # the case in the portal. With the Partner Center backend the case is then tracked by API.
                "BACKEND": env.str(
                    "CSPDESK_M365_CASES_BACKEND", default="cspdesk.vendor.backends.manual.ManualBackend"
                ),
                "PORTAL_URL": env.str(
                    "CSPDESK_M365_PORTAL_URL",
                    default="https://partner.microsoft.com/dashboard/v2/customers/{tenant}/servicemanagement",
                ),
                "BASE_URL": env.str(
                    "CSPDESK_PARTNER_CENTER_URL", default="https://api.partnercenter.microsoft.com"
                ),
                "AUTHORITY": env.str(
                    "CSPDESK_PARTNER_CENTER_AUTHORITY", default="https://login.microsoftonline.com"
                ),
                "TENANT": env.str("CSPDESK_PARTNER_CENTER_TENANT", default=""),
                "CLIENT_ID": env.str("CSPDESK_PARTNER_CENTER_CLIENT_ID", default=""),
                "CLIENT_SECRET": env.str("CSPDESK_PARTNER_CENTER_CLIENT_SECRET", default=""),
                "CA_BUNDLE": env.str("CSPDESK_PARTNER_CENTER_CA_BUNDLE", default=""),
            },
            "azure": {
                "BACKEND": env.str(
                    "CSPDESK_AZURE_SUPPORT_BACKEND",
                    default="cspdesk.vendor.backends.azure_support.AzureSupportHttp",
                ),
                "PORTAL_URL": env.str(
                    "CSPDESK_AZURE_PORTAL_URL",
                    default="https://portal.azure.com/#view/Microsoft_Azure_Support/HelpAndSupportBlade",
                ),
                "BASE_URL": env.str("CSPDESK_AZURE_SUPPORT_URL", default="https://management.azure.com"),
                "API_VERSION": env.str("CSPDESK_AZURE_SUPPORT_API_VERSION", default="2024-04-01"),
                "AUTHORITY": env.str(
                    "CSPDESK_AZURE_SUPPORT_AUTHORITY", default="https://login.microsoftonline.com"
                ),
                "TENANT": env.str("CSPDESK_AZURE_SUPPORT_TENANT", default=""),
                "CLIENT_ID": env.str("CSPDESK_AZURE_SUPPORT_CLIENT_ID", default=""),
                "CLIENT_SECRET": env.str("CSPDESK_AZURE_SUPPORT_CLIENT_SECRET", default=""),
                "SCOPE": env.str(
                    "CSPDESK_AZURE_SUPPORT_SCOPE", default="https://management.azure.com/.default"
                ),
                "SERVICE_ID": env.str("CSPDESK_AZURE_SUPPORT_SERVICE_ID", default=""),
                "PROBLEM_CLASSIFICATION_ID": env.str(
                    "CSPDESK_AZURE_SUPPORT_PROBLEM_CLASSIFICATION_ID", default=""
                ),
                "CA_BUNDLE": env.str("CSPDESK_AZURE_SUPPORT_CA_BUNDLE", default=""),
                "TIMEOUT_SECONDS": env.float("CSPDESK_AZURE_SUPPORT_TIMEOUT", default=15.0),
                "MAX_ATTEMPTS": env.int("CSPDESK_AZURE_SUPPORT_MAX_ATTEMPTS", default=3),
                "POLL_LIMIT_SECONDS": env.float("CSPDESK_AZURE_SUPPORT_POLL_LIMIT", default=60.0),
                "CONTACT_TIME_ZONE": env.str(
                    "CSPDESK_AZURE_SUPPORT_TIME_ZONE", default="Russian Standard Time"
                ),
                "CONTACT_COUNTRY": env.str("CSPDESK_AZURE_SUPPORT_COUNTRY", default="RUS"),
            },
        },
    },
    # The phone channel (issue 15, docs/phone.md): PBX webhooks at /phone/<provider>/, switched on by name.
    "PHONE": {
        "ENABLED": env.list("CSPDESK_PHONE_BACKENDS", default=["generic"]),
        # Numbers sent without a country code are read as this country's.
        "REGION": env.str("CSPDESK_PHONE_REGION", default="RU"),
        # An unanswered call shorter than this (from the start of its wait) is a short abandon, not counted.
        "SHORT_ABANDON_SECONDS": env.int("CSPDESK_PHONE_SHORT_ABANDON_SECONDS", default=5),
        # The wait until an engineer answers runs from entering the queue ("queue") or the call's start.
        "WAIT_FROM": env.str("CSPDESK_PHONE_WAIT_FROM", default="queue"),
        "ANSWER_TARGET_SECONDS": env.int("CSPDESK_PHONE_ANSWER_TARGET_SECONDS", default=60),
        "ANSWER_FAST_SECONDS": env.int("CSPDESK_PHONE_ANSWER_FAST_SECONDS", default=15),
        "MAX_BODY_BYTES": env.int("CSPDESK_PHONE_MAX_BODY_BYTES", default=64 * 1024),
        "REQUESTS_PER_MINUTE": env.int("CSPDESK_PHONE_REQUESTS_PER_MINUTE", default=1200),
        # A missed call is called back within this (the callback queue's own target, from the first miss).
        "CALLBACK_TARGET_SECONDS": env.int("CSPDESK_PHONE_CALLBACK_TARGET_SECONDS", default=1800),
        # Whether a caller who hung up in the voice menu (before the queue) is called back too.
        "CALLBACK_IVR_HANGUPS": env.bool("CSPDESK_PHONE_CALLBACK_IVR_HANGUPS", default=False),
        # Asterisk (docs/phone.md): the AMI listener `cspdesk phone-ami` (on when HOST is set) and
        # `cspdesk import-calls queue_log`. The AMI user needs read=call,agent; the secret only from here.
        "ASTERISK": {
            "HOST": env.str("CSPDESK_ASTERISK_AMI_HOST", default=""),
            "PORT": env.int("CSPDESK_ASTERISK_AMI_PORT", default=5038),
            "USERNAME": env.str("CSPDESK_ASTERISK_AMI_USERNAME", default=""),
            "SECRET": env.str("CSPDESK_ASTERISK_AMI_SECRET", default=""),
            # Reconnects wait 1, 2, 4 … seconds, at most this long.
            "RECONNECT_MAX_SECONDS": env.int("CSPDESK_ASTERISK_AMI_RECONNECT_MAX_SECONDS", default=60),
            # Whether the trunk gives callers' numbers in national form (8 916 …) rather than 7916….
            "NATIONAL_NUMBERS": env.bool("CSPDESK_ASTERISK_NATIONAL_NUMBERS", default=True),
        },
        "BACKENDS": {
            "generic": {
                "BACKEND": "cspdesk.intake.phone.adapters.generic.GenericCti",
                # Empty: derived from the desk's SECRET_KEY (what `cspdesk phone-simulate` uses too).
                "SECRET": env.str("CSPDESK_PHONE_GENERIC_SECRET", default=""),
                "REPLAY_SECONDS": env.int("CSPDESK_PHONE_GENERIC_REPLAY_SECONDS", default=300),
                "NATIONAL_NUMBERS": env.bool("CSPDESK_PHONE_GENERIC_NATIONAL_NUMBERS", default=True),
                # PBX times without an offset are in this zone.
                "TIME_ZONE": env.str("CSPDESK_PHONE_GENERIC_TIME_ZONE", default="Europe/Moscow"),
            },
            "mango": {
                "BACKEND": "cspdesk.intake.phone.adapters.mango.MangoOffice",
                "API_KEY": env.str("CSPDESK_MANGO_API_KEY", default=""),
                "API_SALT": env.str("CSPDESK_MANGO_API_SALT", default=""),
                # The VPBX API for commands (click-to-call: commands/callback).
                "API_URL": env.str("CSPDESK_MANGO_API_URL", default="https://app.mango-office.ru/vpbx/"),
                "API_TIMEOUT": env.float("CSPDESK_MANGO_API_TIMEOUT", default=10.0),
            },
            "zadarma": {
                "BACKEND": "cspdesk.intake.phone.adapters.zadarma.Zadarma",
                "SECRET": env.str("CSPDESK_ZADARMA_SECRET", default=""),
                # The API key that goes with the secret, for click-to-call (/v1/request/callback/).
                "API_KEY": env.str("CSPDESK_ZADARMA_API_KEY", default=""),
                "API_URL": env.str("CSPDESK_ZADARMA_API_URL", default="https://api.zadarma.com"),
                "API_TIMEOUT": env.float("CSPDESK_ZADARMA_API_TIMEOUT", default=10.0),
            },
        },
    },
    "IMAP_OAUTH": {
        "tenant": env.str("CSPDESK_IMAP_OAUTH_TENANT", default=""),
        "client_id": env.str("CSPDESK_IMAP_OAUTH_CLIENT_ID", default=""),
        "client_secret": env.str("CSPDESK_IMAP_OAUTH_CLIENT_SECRET", default=""),
        "authority_host": env.str(
            "CSPDESK_IMAP_OAUTH_AUTHORITY", default="https://login.microsoftonline.com"
        ),
    },
}

# Tasks the worker enqueues on its own clock: (dotted path of a task, every N seconds). Each is idempotent.
PERIODIC_TASKS = [
    ("cspdesk.notifications.tasks.outbox_sweep_task", 60),
    ("cspdesk.intake.tasks.inbound_mail_sweep_task", 60),
    ("cspdesk.intake.tasks.call_tickets_sweep_task", 60),
    ("cspdesk.sla.tasks.sla_check_task", 60),
    ("cspdesk.workflows.tasks.vendor_cases_sync_task", 300),
    ("cspdesk.workflows.tasks.service_health_sync_task", 300),
    ("cspdesk.live.tasks.live_prune_task", 600),
    ("cspdesk.workflows.tasks.snoozes_wake_task", 60),
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("CSPDESK_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
