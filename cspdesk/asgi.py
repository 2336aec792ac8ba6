"""The web application, over ASGI: ordinary pages as before, and the console's live stream (server-sent
events, docs/adr/010-live-updates.md) held open without a thread per page. The PBX webhooks (``/phone/``)
are served without a thread or a connection per request (core/handlers.py)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspdesk.settings.base")
django.setup(set_prefix=False)

from cspdesk.core.handlers import Router  # noqa: E402 - after setup, as get_asgi_application does

application = Router(machine_prefixes=("/phone/",))
