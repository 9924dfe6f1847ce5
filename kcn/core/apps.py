import os
import sys

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kcn.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self):
        from . import checks, sqlite  # noqa: F401

        # On the embedded setup (no Redis) the web process runs the task consumer itself, so
        # long imports still run in the background with nothing else to start.
        if settings.KCN_INPROCESS_WORKER and _is_web_server_process():
            _start_inprocess_consumer()


def _is_web_server_process():
    argv = " ".join(sys.argv)
    if "runserver" in argv:
        # Django's autoreloader runs the server in a child with RUN_MAIN set.
        return os.environ.get("RUN_MAIN") == "true" or "--noreload" in argv
    return "gunicorn" in argv


_consumer_started = False


def _start_inprocess_consumer():
    global _consumer_started
    if _consumer_started or settings.KCN_TASKS_IMMEDIATE:
        return
    _consumer_started = True
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    # As `kcn run_huey` does: register every app's tasks before the first one is dequeued, so a
    # job queued before a restart finds its function.
    autodiscover_modules("tasks")

    consumer = HUEY.create_consumer(workers=2, worker_type="thread")
    # Consumer.start() installs signal handlers, which only the main thread may do; the
    # scheduler and the workers are daemon threads we can start ourselves.
    consumer.scheduler.start()
    for _name, worker in consumer.worker_threads:
        worker.start()
