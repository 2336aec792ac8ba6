"""The screen pop's content: the newest call ringing the agent (or the one they answered), who is calling."""

from cspdesk.core.phones import shown_number
from cspdesk.intake.phone.caller import caller_of, calls_ringing_for
from cspdesk.tickets.selectors import tickets_visible_to


def pop_context(user, *, opened=None) -> dict:
    """The screen pop: the newest call ringing the agent (or answered by them), with who is calling."""
    calls = calls_ringing_for(user)
    call = calls[0] if calls else None
    return {
        "pop_call": call,
        "pop_number": (shown_number(call.caller) or call.caller_raw) if call else "",
        "pop_caller": caller_of(call, user=user) if call else None,
        "pop_mine": bool(call and call.engineer_id == user.pk),
        "pop_opened": opened,
        # The call's ticket, if the agent may see it (an engineer limited to own groups may not).
        "pop_ticket": (
            call.ticket
            if call and call.ticket_id and tickets_visible_to(user).filter(pk=call.ticket_id).exists()
            else None
        ),
        "pop_others": len(calls) - 1 if calls else 0,
    }
