"""The screen pop's content: the newest call ringing the agent (or the one they answered), who is calling."""

from cspdesk.core.phones import shown_number
from cspdesk.intake.phone.caller import caller_of, calls_ringing_for


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
        "pop_others": len(calls) - 1 if calls else 0,
    }
