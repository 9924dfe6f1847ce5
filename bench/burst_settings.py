"""Settings of the gunicorn server that ``deadline_burst.py`` starts: KCN's own, plus the ceiling view.

Production-like: no debug, no query log, persistent database connections (KCN_DB_CONN_MAX_AGE),
and no task consumer thread inside the web workers (production runs ``kcn run_huey`` beside
gunicorn; the submission path queues nothing anyway).
"""

from kcn.settings import *  # noqa: F403

ROOT_URLCONF = "bench.burst_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
KCN_INPROCESS_WORKER = False
