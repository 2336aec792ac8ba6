"""The web application, over ASGI: ordinary pages as before, and the console's live stream (server-sent
events, docs/adr/010-live-updates.md) held open without a thread per page."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspdesk.settings.base")
application = get_asgi_application()
