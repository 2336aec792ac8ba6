"""`cspdesk serve`: the web application under gunicorn."""

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
        from cspdesk.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve the web application (gunicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("CSPDESK_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CSPDESK_WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("CSPDESK_WEB_THREADS", "4")))

    def handle(self, *args, bind, workers, threads, **options):
        _Gunicorn(
            {
                "bind": bind,
                "workers": workers,
                "threads": threads,
                "timeout": 60,
                "graceful_timeout": 10,
                "accesslog": "-",
                "errorlog": "-",
                "proc_name": "cspdesk-web",
            }
        ).run()
