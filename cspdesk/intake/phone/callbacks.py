"""Writes of the callback queue: missed calls join their caller's callback (one open per number), a call
that reaches the caller closes it, an engineer marks callbacks handled or has the PBX dial the caller.

``callback_call_refresh`` runs inside ``services.call_record_refresh``, under the call's row lock, every
time a call's record is recomputed: a callback's counts and times are recomputed from its missed calls,
so a call is counted once however often its events arrive. Locks are taken call first, then callback."""

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cspdesk.core import clock
from cspdesk.core.errors import Invalid
from cspdesk.intake.error_codes import CallbackErrorCode
from cspdesk.intake.phone.adapters.base import PhoneAdapter
from cspdesk.intake.phone.callback_rules import call_missed, callback_due, missed_moment
from cspdesk.intake.phone.conf import adapter_for, phone_conf
from cspdesk.intake.phone.errors import ChannelOff
from cspdesk.intake.phone.models import Call, Callback, CallbackMiss, CallbackResult
from cspdesk.live.services import live_publish

LIVE_KIND = "callback"
MOST_AT_ONCE = 200


def _publish() -> None:
    live_publish(kind=LIVE_KIND)


def _is_missed(call: Call) -> bool:
    return call_missed(
        direction=call.direction,
        caller=call.caller,
        outcome=call.outcome,
        ivr_hangups=phone_conf("CALLBACK_IVR_HANGUPS"),
    )


def _locked(pk: int) -> Callback:
    return Callback.objects.select_for_update().get(pk=pk)


def _callback_for_miss(caller: str, at) -> Callback:
    """The caller's open callback; or the closed one that reached the caller (or was handled) after this
    miss happened (a late event of a call already called back); or a new one."""
    found = Callback.objects.select_for_update().filter(caller=caller, handled_at__isnull=True).first()
    if found is not None:
        return found
    closed = (
        Callback.objects.filter(caller=caller, handled_at__isnull=False)
        .filter(Q(called_back_at__gte=at) | Q(called_back_at__isnull=True, handled_at__gte=at))
        .order_by("handled_at", "id")
        .first()
    )
    if closed is not None:
        return _locked(closed.pk)
    due = callback_due(at, phone_conf("CALLBACK_TARGET_SECONDS"))
    try:
        with transaction.atomic():
            return Callback.objects.create(caller=caller, missed_at=at, last_missed_at=at, due_at=due)
    except IntegrityError:  # another call of this caller opened it at the same moment
        return Callback.objects.select_for_update().get(caller=caller, handled_at__isnull=True)


def _recount(callback: Callback) -> bool:
    """The callback's times and count from its missed calls; False when it has none left."""
    calls = [miss.call for miss in callback.misses.select_related("call")]
    moments = sorted(
        at for call in calls if (at := missed_moment(started_at=call.started_at, ended_at=call.ended_at))
    )
    if not moments:
        return False
    callback.missed_at, callback.last_missed_at, callback.attempts = moments[0], moments[-1], len(calls)
    callback.due_at = callback_due(callback.missed_at, phone_conf("CALLBACK_TARGET_SECONDS"))
    if callback.ticket_id is None:
        callback.ticket_id = next((c.ticket_id for c in reversed(calls) if c.ticket_id), None)
    return True


def _close_if_reached(callback: Callback) -> None:
    """Closed by the first call after the last miss that connected the caller with an engineer: an
    outgoing call to the number that was answered, or a call from the number that an engineer answered."""
    if not callback.is_open:
        return
    reach = (
        Call.objects.filter(caller=callback.caller, connected_at__gte=callback.last_missed_at)
        .order_by("connected_at", "id")
        .first()
    )
    if reach is None:
        return
    callback.called_back_at = reach.connected_at
    callback.reached_by = reach
    callback.result = CallbackResult.REACHED
    callback.handled_at = clock.now()
    callback.handled_by_id = reach.engineer_id
    callback.ticket_id = callback.ticket_id or reach.ticket_id


def _withdraw(link: CallbackMiss) -> None:
    callback = _locked(link.callback_id)
    link.delete()
    if _recount(callback):
        callback.save()
    else:
        callback.delete()


def callback_call_refresh(*, call: Call) -> None:
    """Apply the call's current record to the callback queue (the caller holds the call's row lock)."""
    changed = False
    link = CallbackMiss.objects.filter(call=call).select_related("callback").first()
    missed = _is_missed(call)
    at = missed_moment(started_at=call.started_at, ended_at=call.ended_at)
    if link is not None and not (missed and link.callback.caller == call.caller):
        _withdraw(link)  # a late event made it answered (or changed the number): not a miss after all
        link, changed = None, True
    if missed and at is not None:
        if link is None:
            callback = _callback_for_miss(call.caller, at)
            try:
                with transaction.atomic():
                    CallbackMiss.objects.create(callback=callback, call=call)
            except IntegrityError:
                callback = _locked(CallbackMiss.objects.get(call=call).callback_id)
        else:
            callback = _locked(link.callback_id)
        _recount(callback)
        _close_if_reached(callback)
        callback.save()
        changed = True
    if call.connected_at is not None and call.caller:
        waiting = (
            Callback.objects.select_for_update()
            .filter(caller=call.caller, handled_at__isnull=True, last_missed_at__lte=call.connected_at)
            .first()
        )
        if waiting is not None:
            _close_if_reached(waiting)
            waiting.save()
            changed = True
    if changed:
        _publish()


def callback_ticket_follow(*, call: Call) -> None:
    """A missed call (or the call that reached the caller) now belongs to a ticket: so does its callback,
    unless it already has one."""
    if call.ticket_id is None:
        return
    updated = Callback.objects.filter(Q(misses__call=call) | Q(reached_by=call), ticket__isnull=True).update(
        ticket_id=call.ticket_id, updated_at=clock.now()
    )
    if updated:
        _publish()


@dataclass
class Handled:
    done: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)


def callbacks_handle(*, visible, ids: list[int], result: str, actor, ticket=None) -> Handled:
    """Mark the chosen callbacks handled with one result. ``visible`` is the actor's own callbacks
    queryset (``selectors.callbacks_visible_to``): a callback outside it is unknown, never handled."""
    if result not in CallbackResult.values:
        raise Invalid(
            CallbackErrorCode.CALLBACK_RESULT,
            _("Choose the result: %(choices)s.") % {"choices": ", ".join(CallbackResult.values)},
            field="result",
        )
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        raise Invalid(CallbackErrorCode.CALLBACK_NONE_CHOSEN, _("Choose the callbacks."), field="callbacks")
    if len(wanted) > MOST_AT_ONCE:
        raise Invalid(
            CallbackErrorCode.CALLBACK_NONE_CHOSEN,
            _("At most %(count)s callbacks at once.") % {"count": MOST_AT_ONCE},
            field="callbacks",
        )
    outcome = Handled()
    now = clock.now()
    with transaction.atomic():
        seen = set(visible.filter(pk__in=wanted).values_list("pk", flat=True))
        rows = {c.pk: c for c in Callback.objects.select_for_update().filter(pk__in=seen)}
        for pk in wanted:
            callback = rows.get(pk)
            if callback is None:
                outcome.unknown.append(pk)
                continue
            if not callback.is_open:
                outcome.already.append(pk)
                continue
            callback.handled_at, callback.handled_by, callback.result = now, actor, result
            if result == CallbackResult.REACHED:
                callback.called_back_at = now
            if ticket is not None:
                callback.ticket = ticket
            callback.save()
            outcome.done.append(pk)
        if outcome.done:
            live_publish(kind=LIVE_KIND, actor_id=actor.pk)
    return outcome


def _originating_adapter(callback: Callback) -> PhoneAdapter | None:
    """The PBX of the caller's last missed call if it can place calls, else any switched-on one that can."""
    providers = list(
        Call.objects.filter(callback_miss__callback=callback)
        .order_by("-ended_at", "-id")
        .values_list("provider", flat=True)
    )
    for provider in dict.fromkeys([*providers, *phone_conf("ENABLED")]):
        try:
            adapter = adapter_for(provider)
        except ChannelOff:
            continue
        if adapter.can_originate:
            return adapter
    return None


def callback_dial(*, callback: Callback, agent) -> str:
    """Ask the PBX to ring the agent's extension, then dial the caller. Returns the extension rung."""
    extension = (agent.phone_extension or "").strip()
    if not extension:
        raise Invalid(
            CallbackErrorCode.CALLBACK_NO_EXTENSION,
            _("You have no phone extension: ask an administrator to set it in your account."),
            field="extension",
        )
    adapter = _originating_adapter(callback)
    if adapter is None:
        raise Invalid(
            CallbackErrorCode.CALLBACK_NO_PBX,
            _("No PBX switched on at this desk can place calls; dial %(number)s yourself.")
            % {"number": callback.caller},
        )
    adapter.originate(extension=extension, number=callback.caller, command_id=uuid.uuid4().hex)
    return extension
