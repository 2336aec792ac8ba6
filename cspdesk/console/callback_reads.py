"""What the callback queue page shows: each callback with its caller's contact name when the number is
known, how urgent it is against the callback target, and whether the agent can have the PBX dial it."""

from dataclasses import dataclass

from cspdesk.core import clock
from cspdesk.core.phones import shown_number
from cspdesk.intake.phone.callback_rules import Urgency, callback_urgency
from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.models import Callback
from cspdesk.intake.phone.selectors import callbacks_list, contacts_by_number

PAGE = 200
URGENCY_CLASS = {"overdue": "callback-overdue", "due_soon": "callback-due-soon", "waiting": "", "closed": ""}


@dataclass(frozen=True)
class CallbackRow:
    callback: Callback
    contacts: list[str]
    urgency: Urgency

    @property
    def number(self) -> str:
        """The caller's number as people write it (+7 916 123-45-67)."""
        return shown_number(self.callback.caller) or self.callback.caller

    @property
    def css(self) -> str:
        return URGENCY_CLASS[self.urgency.state]

    @property
    def overdue_minutes(self) -> int:
        return -self.urgency.seconds_left // 60 if self.urgency.state == "overdue" else 0


def callback_rows(user, *, handled: bool) -> tuple[list[CallbackRow], int]:
    """The page's rows (at most ``PAGE``) and how many there are in all."""
    rows = callbacks_list(user, handled=handled)
    total = rows.count()
    callbacks = list(rows[:PAGE])
    names = contacts_by_number([c.caller for c in callbacks])
    now, target = clock.now(), phone_conf("CALLBACK_TARGET_SECONDS")
    return [
        CallbackRow(
            callback=c,
            contacts=names.get(c.caller, [])[:3],
            urgency=callback_urgency(due_at=c.due_at, now=now, target_seconds=target, handled=not c.is_open),
        )
        for c in callbacks
    ], total
