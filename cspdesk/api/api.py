from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from cspdesk.api import errors
from cspdesk.api.auth import AUTH
from cspdesk.api.routers import (
    catalog,
    estimates,
    incidents,
    kb,
    notifications,
    phone,
    reports,
    snooze,
    tickets,
    triage,
    vendor_cases,
)


class UnicodeJSONRenderer(JSONRenderer):
    """Russian text stays readable in the JSON (UTF-8), not \\u-escaped."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=UnicodeJSONRenderer(),
    title="cspdesk API",
    version="1",
    description="Tickets and the request catalog of the CSP support desk. Errors are "
    '`{"error": {"code", "field", "message"}}` with a 4xx status.',
    urls_namespace="api-v1",
    auth=AUTH,
)
errors.install(api)
api.add_router("/tickets", tickets.router)
api.add_router("/tickets", vendor_cases.router)
api.add_router("/tickets", estimates.router)
api.add_router("/tickets", snooze.router)
api.add_router("/request-types", catalog.router)
api.add_router("/reports", reports.router)
api.add_router("/triage", triage.router)
api.add_router("/service-incidents", incidents.router)
api.add_router("/kb", kb.router)
api.add_router("/notifications", notifications.router)
api.add_router("/phone", phone.router)
