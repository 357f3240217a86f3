"""Settings, read from the environment.

The defaults give the embedded mode that needs nothing but Python: SQLite,
Celery tasks run eagerly, e-mail printed on the console. `DATABASE_URL`
switches to PostgreSQL, `REDIS_URL` to a real Celery broker. With
`DJANGO_ENV=production` the portal refuses to start without `SECRET_KEY`
and `ALLOWED_HOSTS`.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from s3p_portal import queues

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY or not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Production needs SECRET_KEY and ALLOWED_HOSTS in the environment."
        )
    DEBUG = False
else:
    SECRET_KEY = env("SECRET_KEY", default="development-only-key-never-used-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
    DEBUG = env.bool("DEBUG", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "corsheaders",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    # Only for its widget templates: the ECL form renderer below loads them
    # through the template engine, so templates/ can restyle them.
    "django.forms",
    "allauth",
    "allauth.account",
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "accounts",
    "regions",
    "thematic_areas",
    "partnerships",
    "projects",
    "events",
    "cooperation",
    "notifications",
    "portal",
]

MIDDLEWARE = [
    # First, so that every response (redirects and errors included) and every
    # log line of the request carry its id.
    "core.request_log.RequestIdMiddleware",
    # Outside the rest, so that it marks every answer that depends on the user.
    "core.sessions.PrivateAnswersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above StoredPagesMiddleware, so that stored pages get the header too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may answer (ETags, CommonMiddleware), as its docs ask.
    "corsheaders.middleware.CorsMiddleware",
    # ETag on every GET response (pages cached for visitors bring their own)
    # and 304 Not Modified when the client already has it.
    "core.conditional.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known; a stored visitors' page skips what follows.
    "core.cache.StoredPagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.sessions.SessionLifetimeMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "s3p_portal.urls"
# Every `{{ form }}` renders as Europa Component Library form groups.
FORM_RENDERER = "core.forms.EclFormRenderer"
WSGI_APPLICATION = "s3p_portal.wsgi.application"

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
                "core.context_processors.site_frame",
                "notifications.context_processors.notifications",
                "portal.context_processors.moderation_count",
            ],
        },
    },
]

# An empty DATABASE_URL means unset, as with the other variables.
DATABASES = {
    "default": environ.Env.db_url_config(
        env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short; on a signed-in project list at EU scale
    # PostgreSQL's JIT spent 5 s compiling a plan whose rows take milliseconds.
    # A `?options=` in DATABASE_URL still wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# A streaming replica of the PostgreSQL of DATABASE_URL: the reads of requests
# without credentials go to it (core/replica.py). Unset, no router runs.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = environ.Env.db_url_config(DATABASE_REPLICA_URL)
    engines = {DATABASES[alias]["ENGINE"] for alias in ("default", "replica")}
    if engines != {"django.db.backends.postgresql"}:
        # The router compares the primary's and the replica's WAL positions.
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs PostgreSQL for both databases.")
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Tests have one database: the replica reads it through a connection of its own.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
    # Next to the request id, before anything that may read: it looks only at
    # the method, the cookies and the headers.
    MIDDLEWARE.insert(1, "core.replica.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An empty CACHE_URL means unset too.
CACHES = {
    "default": environ.Env.cache_url_config(env("CACHE_URL", default="") or "locmemcache://s3p")
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The site keeps working while Redis is down, without caching
    # (core/resilient_cache.py); a call never waits long for an answer.
    CACHES["default"]["BACKEND"] = "core.resilient_cache.ResilientRedisCache"
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 0.5,
        "socket_timeout": 0.5,
        **CACHES["default"].get("OPTIONS", {}),
    }
# For the Redis backend, django-environ gives Django's own options of the URL
# (`?key_prefix=`, `?timeout=`, `?version=`) lower-case names, which Django
# ignores: two portals sharing one Redis database would serve each other's
# pages. Their values keep their case.
for option in ("key_prefix", "timeout", "version", "key_function"):
    if option in CACHES["default"]:
        CACHES["default"][option.upper()] = CACHES["default"].pop(option)
# How long pages and API lists stay cached for visitors without a session
# (core/cache.py). Off by default without CACHE_URL: a cache
# local to each process would not see the writes of the others.
PUBLIC_CACHE_SECONDS = env.int(
    "PUBLIC_CACHE_SECONDS", default=600 if env("CACHE_URL", default="") else 0
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# The dashboard says what to do next: ask to represent an organisation, decide, follow.
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# The name and job title colleagues see, asked at sign-up too.
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupProfileForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address in the browser that signed up logs the user in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[S3P Industrial Modernisation] "
# allauth's throttles, stated here so that nobody switches them off unknowingly.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# How many proxies in front of the portal append to X-Forwarded-For (README,
# "Deployment"): the client is the address the outermost trusted one saw.
# With 0 the header is ignored, so nobody can choose the address their
# throttles and rate limits count under. Read by allauth and by the API.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# ECL and htmx, fetched from the npm registry by scripts/fetch_assets.sh
# (`make assets`) into a folder git ignores; served as /static/vendor/....
VENDOR_ASSETS_DIR = BASE_DIR / "assets" / "vendor"
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor", VENDOR_ASSETS_DIR)]
# Uploaded files (event documents): served only through the pages that check
# who may read them, never from a public URL. Any Django storage backend can
# replace the disk (an object store, say) without a code change.
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
EVENT_DOCUMENT_MAX_BYTES = env.int("EVENT_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production, serve static files straight from the apps and static/
# folders, so no collectstatic is needed to run or test the portal.
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if PRODUCTION
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
# The folder of django.core.mail.backends.filebased.EmailBackend, which
# writes each e-mail (one file per connection) there instead of sending it.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="S3P Industrial Modernisation <no-reply@s3p.example.eu>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
# Where tasks are queued, by the web and by tasks queuing others (the sweep):
# two portals sharing one Redis database each need their own.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# A queue per kind of work, named after the default one (s3p_portal/queues.py):
# e-mail, digests and computations cannot hold each other up.
CELERY_TASK_QUEUES = queues.declared_queues(CELERY_TASK_DEFAULT_QUEUE)
CELERY_TASK_ROUTES = queues.task_routes(CELERY_TASK_DEFAULT_QUEUE)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A web request must never hang on a broker that is down: fail fast and let
# the periodic sweep deliver later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 2}

# Cross-origin reads of the API, for dashboards on other sites: GET only,
# without cookies, from the origins listed in CORS_ALLOWED_ORIGINS
# (e.g. "https://dashboard.region.eu,https://data.example.org"); none by default.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["accept", "accept-language", "authorization", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Link"]
CORS_PREFLIGHT_MAX_AGE = 3600

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes a missing login a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.api.filtering.SearchFilter",
        "core.api.filtering.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.AnonThrottle",
        "core.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
        "user": env("API_THROTTLE_USER", default="600/minute"),
        # Whole-table downloads, API exports and the lists' CSV files together.
        "exports": env("API_THROTTLE_EXPORTS", default="30/hour"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.PortalAutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "S3P Industrial Modernisation API",
    "DESCRIPTION": (
        "Regions, clusters, thematic areas, partnerships and investment projects of the "
        "Smart Specialisation Platform for Industrial Modernisation. Anonymous callers read "
        "public data; a personal API token (`Authorization: Token …`) reads and acts as "
        "its user, under the same rules as the portal's pages."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `status`; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "ClusterStatusEnum": "regions.choices.ClusterStatus",
        "AreaStatusEnum": "thematic_areas.choices.AreaStatus",
        "RequestStatusEnum": "core.workflow.RequestStatus",
        "ProjectStatusEnum": "projects.choices.ProjectStatus",
        "FundingStatusEnum": "projects.choices.FundingStatus",
        "MembershipRoleEnum": "thematic_areas.choices.MembershipRole",
        "PartnershipRoleEnum": "partnerships.choices.PartnershipRole",
        "EventKindEnum": "events.choices.EventKind",
        "PartnershipKindEnum": "partnerships.choices.PartnershipKind",
        "PostingKindEnum": "cooperation.choices.PostingKind",
        "InterestStatusEnum": "cooperation.choices.InterestStatus",
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

# Every record goes through RequestContextFilter: it carries the request id
# and loses e-mail addresses, tokens and query strings (core/request_log.py).
LOG_FORMAT = env("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be plain or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "core.request_log.RequestContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "core.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A session ends after this long without a request, and this long after the
# log-in however active (core/sessions.py; README, "Sessions").
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The language cookie is read only by the server, never by scripts.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION

# Content-Security-Policy (django-csp): everything from our own origin, no
# inline scripts or styles, no third-party origins. `data:` images are the
# SVG icons the Europa Component Library inlines in its stylesheet. Scripts
# start from files (e.g. ECL.autoInit() in a static .js), never inline.
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
    },
}
# Powerful browser features the portal never uses, switched off for every
# frame (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^health/$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# How many thematic area proposals, join requests (areas and partnerships
# together) and reports of content one user may make in 24 hours; see core/limits.py.
S3P_DAILY_LIMITS = {
    "proposals": env.int("S3P_DAILY_PROPOSALS", default=5),
    "join_requests": env.int("S3P_DAILY_JOIN_REQUESTS", default=20),
    "reports": env.int("S3P_DAILY_REPORTS", default=10),
}

SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
NOTIFICATIONS_REPLY_TO = env("NOTIFICATIONS_REPLY_TO", default="")
# Digests go out at this hour (TIME_ZONE), the weekly one on this day
# (0 = Sunday … 6 = Saturday, as in crontab). Call reminders are written an
# hour earlier, so that they make that day's digest.
NOTIFICATIONS_DIGEST_HOUR = env.int("NOTIFICATIONS_DIGEST_HOUR", default=7)
NOTIFICATIONS_WEEKLY_DIGEST_DAY = env.int("NOTIFICATIONS_WEEKLY_DIGEST_DAY", default=1)
if not 0 <= NOTIFICATIONS_DIGEST_HOUR <= 23 or not 0 <= NOTIFICATIONS_WEEKLY_DIGEST_DAY <= 6:
    raise ImproperlyConfigured(
        "NOTIFICATIONS_DIGEST_HOUR must be 0-23 and NOTIFICATIONS_WEEKLY_DIGEST_DAY 0-6."
    )
# The sweep re-queues notifications still pending after this many seconds,
# and takes back claims older than the lease: a worker that claimed one and
# has not marked it sent within the lease has died (see
# notifications.tasks.deliver_notification). The lease must therefore
# outlast the longest send (EMAIL_TIMEOUT).
NOTIFICATIONS_SWEEP_AFTER = env.int("NOTIFICATIONS_SWEEP_AFTER", default=5 * 60)
NOTIFICATIONS_CLAIM_LEASE = env.int("NOTIFICATIONS_CLAIM_LEASE", default=10 * 60)
if NOTIFICATIONS_SWEEP_AFTER < 0 or NOTIFICATIONS_CLAIM_LEASE <= EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        "NOTIFICATIONS_SWEEP_AFTER must be 0 or more seconds, and NOTIFICATIONS_CLAIM_LEASE "
        "longer than EMAIL_TIMEOUT."
    )
CELERY_BEAT_SCHEDULE = {
    "sweep-undelivered-notifications": {
        "task": "notifications.tasks.sweep_undelivered",
        "schedule": 120.0,
    },
    # One for each queue: a worker per queue each says it is alive (`/health/`).
    **{
        f"worker-heartbeat-{queue}": {
            "task": "core.tasks.heartbeat",
            "schedule": 60.0,
            "args": [queue],
            "options": {"queue": queue},
        }
        for queue in queues.queue_names(CELERY_TASK_DEFAULT_QUEUE)
    },
    "sweep-outgoing-emails": {
        "task": "core.tasks.sweep_outgoing_emails",
        "schedule": 120.0,
    },
    "event-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": crontab(minute=15),
    },
    "close-expired-postings": {
        "task": "cooperation.tasks.close_expired_postings",
        "schedule": crontab(minute=5, hour=0),
    },
    "call-reminders": {
        "task": "partnerships.tasks.send_call_reminders",
        "schedule": crontab(minute=0, hour=(NOTIFICATIONS_DIGEST_HOUR - 1) % 24),
    },
    "daily-notification-digests": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(minute=0, hour=NOTIFICATIONS_DIGEST_HOUR),
    },
    "weekly-notification-digests": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(
            minute=0,
            hour=NOTIFICATIONS_DIGEST_HOUR,
            day_of_week=NOTIFICATIONS_WEEKLY_DIGEST_DAY,
        ),
    },
}
