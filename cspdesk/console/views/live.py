"""The console's live stream (server-sent events) and the ticket page's presence.

``GET /console/live/`` holds a response open and writes a line for each change the agent's open page
should hear of: their own notifications and screen pops, the ticket the page shows (``?ticket=<id>``), on
a queue page (``?queue=1``) the tickets the agent may see, and on the phone queue page (``?phone=1``) that
the calls changed. An event names what changed, never its content: the
page fetches its fresh fragments through the ordinary views and their permission checks.
"""

import asyncio
import json

from asgiref.sync import sync_to_async
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cspdesk.accounts.models import AgentGroup
from cspdesk.accounts.permissions import scope_for_user
from cspdesk.console.access import agent_required
from cspdesk.console.presence import others_present, presence_say
from cspdesk.console.views.ticket import ticket_or_404
from cspdesk.core.errors import ApplicationError, NotFound
from cspdesk.live.hub import Event, hub
from cspdesk.tickets.selectors import ticket_get_for_user

HEARTBEAT_SECONDS = 15
# A stream ends after a while and the browser reconnects (asking for what it missed): a signed-out or
# deactivated agent stops hearing within this time, and a restarted server sheds its old streams.
LIFETIME_SECONDS = 300
RETRY_MS = 1000


# Kinds heard by every agent on the phone queue page (``?phone=1``): no ids, no content; the page re-reads
# its own lists. The phone's other events are an agent's own (``recipient_id``: the screen pop).
PHONE_BROADCAST = frozenset({"phone_queue"})


def _may_hear(user, ticket_id: int | None, queue: bool, phone: bool = False):
    """The test of which events this page may hear (computed once, when the stream opens). A requester
    hears nothing, whatever the page asked for."""
    if not (user.is_active and user.is_agent):
        return lambda event: False
    scope = scope_for_user(user)
    groups = (
        set(AgentGroup.objects.filter(members=user).values_list("pk", flat=True))
        if scope.engineer_id
        else set()
    )

    def sees_row(event: Event) -> bool:
        if scope.everything:
            return True
        return event.assignee_id == user.pk or event.group_id is None or event.group_id in groups

    def hears(event: Event) -> bool:
        if event.recipient_id is not None:
            return event.recipient_id == user.pk
        if event.kind in PHONE_BROADCAST:
            return phone
        if ticket_id is not None and event.ticket_id == ticket_id:
            return True
        return queue and event.ticket_id is not None and event.kind != "presence" and sees_row(event)

    return hears


def _after(request: HttpRequest) -> int | None:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("after") or ""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


def _frame(event: Event, user_id: int) -> str:
    data = {"kind": event.kind, "ticket": event.ticket_id, "own": event.actor_id == user_id, "at": event.at}
    return f"id: {event.id}\nevent: change\ndata: {json.dumps(data)}\n\n"


async def stream(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    if not isinstance(request, ASGIRequest):
        # Under WSGI (runserver, a WSGI test server) a response cannot stay open without holding a thread,
        # and Django would collect the whole stream first: 204 tells EventSource not to try; pages still
        # refresh themselves every CSPDESK_CONSOLE_REFRESH_SECONDS. `cspdesk serve` is ASGI.
        return HttpResponse(status=204)
    user = await request.auser()
    if not user.is_authenticated:
        # 204 tells EventSource to stop trying; the page's next request takes the agent to sign in.
        return HttpResponse(status=204)
    if not user.is_active or not user.is_agent:
        raise PermissionDenied
    ticket_id = None
    if ref := request.GET.get("ticket", ""):
        try:
            ticket_id = (await sync_to_async(ticket_get_for_user)(user, ref)).pk
        except NotFound:
            raise Http404 from None
    hears = await sync_to_async(_may_hear)(
        user, ticket_id, request.GET.get("queue") == "1", request.GET.get("phone") == "1"
    )
    after = _after(request)

    async def lines():
        channel = hub()
        subscription = await channel.subscribe(hears, after=after)
        try:
            yield f"retry: {RETRY_MS}\n\n"
            loop = asyncio.get_running_loop()
            ends = loop.time() + LIFETIME_SECONDS
            while not subscription.dropped and loop.time() < ends:
                try:
                    event = await asyncio.wait_for(subscription.queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                yield _frame(event, user.pk)
        finally:
            channel.unsubscribe(subscription)

    response = StreamingHttpResponse(lines(), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # a proxy in front must not hold the lines back
    return response


@require_http_methods(["GET", "POST"])
@agent_required
def presence(request: HttpRequest, ref: str) -> HttpResponse:
    """GET: who else has the ticket open (the page's presence line). POST ``state``: this agent's page is
    open (``viewing``), its agent is writing a reply (``writing``), or it closed (``left``)."""
    ticket = ticket_or_404(request, ref)
    if request.method == "POST":
        try:
            presence_say(ticket=ticket, agent=request.user, state=request.POST.get("state", ""))
        except ApplicationError as error:
            return HttpResponse(str(error.message), status=422, content_type="text/plain; charset=utf-8")
    context = {"ticket": ticket, "present": others_present(ticket=ticket, agent=request.user)}
    return render(request, "console/_presence.html", context)
