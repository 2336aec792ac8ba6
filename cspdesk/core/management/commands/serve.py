"""`cspdesk serve`: the web application over ASGI, gunicorn managing uvicorn worker processes.

Pages are Django's ordinary (sync) views; the console's live streams are async and cost no thread while
they wait. Django runs each page request's sync code in a thread of its own (with its own database
connection), so a worker renders as many pages at once as it has requests; the PBX webhooks have no thread
per request and store through the worker's few database threads (core/handlers.py, core/db_threads.py).
``--workers`` (``CSPDESK_WEB_WORKERS``): by default one per core plus one.
"""

import os

from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from cspdesk.asgi import application

        return application


def _default_workers() -> int:
    return int(os.environ.get("CSPDESK_WEB_WORKERS", str((os.cpu_count() or 1) + 1)))


class Command(BaseCommand):
    help = "Serve the web application (ASGI: gunicorn with uvicorn workers)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("CSPDESK_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=_default_workers())

    def handle(self, *args, bind, workers, **options):
        _Gunicorn(
            {
                "bind": bind,
                "workers": workers,
                "worker_class": "cspdesk.core.web_worker.DeskWorker",
                "timeout": 60,
                # Open live streams end when asked to; their pages reconnect to another worker.
                "graceful_timeout": 5,
                "accesslog": "-",
                "errorlog": "-",
                "proc_name": "cspdesk-web",
            }
        ).run()
