"""How the web process serves a request under ASGI (`cspdesk serve`, bench/README.md "Phone").

Django's ``ASGIHandler`` gives every request a context of its own (``ThreadSensitiveContext``): the
request's sync code runs in a thread started for it, which opens its own database connection, and the
event loop itself starts that thread and the one that joins it afterwards. Under a burst the loop spends
its time starting threads, every request waiting holds one, and each request in progress holds a
connection. Two handlers share the work:

- ``PagesHandler`` (pages, the console, the API, the portal): as Django's, a thread per request, but the
  middleware chain built in **sync** mode and entered once, as under WSGI: a chain built in async mode
  hops to the request's thread and back for each ``process_request``/``process_response`` of Django's
  middlewares (about 30 hops, 3-6 ms of CPU a request, against 2-3 ms). An async view (the live stream)
  is called from the request's thread and runs in the event loop.
- ``MachineHandler`` (the PBX webhooks, whose views are async and store through ``core.db_threads``):
  no context of its own, the chain in async mode. Nothing starts a thread for a request; the middlewares'
  short sync parts run in the process's one shared sync thread, the view in the event loop, its database
  work in the process's few database threads with kept connections. Every middleware of its chain must
  take the async mode: a sync-only one would hold the shared thread for the whole request (the requests
  of a process one at a time). WhiteNoise, sync only, serves ``/static/`` alone and is left out of it.
"""

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.asgi import ASGIHandler
from django.test.utils import override_settings
from django.utils.module_loading import import_string

# Left out of the machine chain: what they do never concerns its addresses.
NOT_FOR_MACHINES = ("whitenoise.middleware.WhiteNoiseMiddleware",)


class PagesHandler(ASGIHandler):
    def load_middleware(self, is_async=False):
        super().load_middleware(is_async=False)
        self._middleware_chain = sync_to_async(self._middleware_chain, thread_sensitive=True)


class MachineHandler(ASGIHandler):
    def load_middleware(self, is_async=False):
        chain = [path for path in settings.MIDDLEWARE if path not in NOT_FOR_MACHINES]
        sync_only = [path for path in chain if not getattr(import_string(path), "async_capable", False)]
        if sync_only:
            raise ImproperlyConfigured(
                f"Middleware {', '.join(sync_only)} must take the async mode (core/handlers.py)."
            )
        with override_settings(MIDDLEWARE=chain):
            super().load_middleware(is_async=True)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        await self.handle(scope, receive, send)


class Router:
    """The requests under ``machine_prefixes`` to ``MachineHandler``, the rest to ``PagesHandler``."""

    def __init__(self, machine_prefixes: tuple[str, ...]):
        self.machine_prefixes = machine_prefixes
        self.pages = PagesHandler()
        self.machine = MachineHandler()

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        handler = self.machine if path.startswith(self.machine_prefixes) else self.pages
        await handler(scope, receive, send)
