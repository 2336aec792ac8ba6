"""Settings for the test suite: the same as production but fast hashing and immediate tasks."""

from cspdesk.settings.base import *  # noqa: F403
from cspdesk.settings.base import CSPDESK, DATABASES, EMAIL_URL, HOME, MAILERS, VAR_DIR, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# A test that runs `cspdesk worker` in a child process gives its children the database queue.
if _queue := env.str("CSPDESK_TEST_TASKS_BACKEND", default=""):
    TASKS = {"default": {"BACKEND": _queue}}
# The async views' database work on the calling thread, as sync_to_async runs it: a test's transaction is
# on its own thread, and the work must see it (tests/core/test_db_threads.py runs the threads themselves).
CSPDESK["DB_THREADS"] = 0
# In memory, unless a test points a child process at a real SMTP sink with CSPDESK_EMAIL_URL.
if not EMAIL_URL:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# Two checkouts (or two people) can run the suite at once with different suffixes.
_suffix = env.str("CSPDESK_TEST_DB_SUFFIX", default="")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that tests which start other processes share the database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test{_suffix}.sqlite3")}
else:
    # The browser tests' live server answers from threads of its own; persistent connections there would
    # outlive the run and keep the test database from being dropped.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A test database is thrown away: its commits need not wait for the WAL's flush to disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
    if _suffix:
        DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}{_suffix}"}

# Commands started by tests in a child process point at the test database through this variable.
# A relative SQLite name is resolved against CSPDESK_HOME, as in base.py, never the working directory.
if _child_database := env.str("CSPDESK_TEST_DATABASE_NAME", default=""):
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        _child_database = str(HOME / _child_database)
    DATABASES["default"]["NAME"] = _child_database
