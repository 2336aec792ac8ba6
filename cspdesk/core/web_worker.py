"""The web server's worker process (uvicorn under gunicorn) as `cspdesk serve` runs it: Django has no ASGI
lifespan handler, so the protocol is off rather than probed on every start."""

from uvicorn_worker import UvicornWorker


class DeskWorker(UvicornWorker):
    CONFIG_KWARGS = {**UvicornWorker.CONFIG_KWARGS, "lifespan": "off"}
