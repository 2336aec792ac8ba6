"""The snooze form's "remind me at": a date and time as the browser's date-time box sends it, in the
agent's own time zone (the console activates it for each request)."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cspdesk.console.error_codes import ConsoleErrorCode
from cspdesk.core.errors import Invalid

FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")
INPUT_FORMAT = "Y-m-d\\TH:i"  # the same, for the template's date filter (the box's value)


def remind_at(raw: str) -> datetime:
    """The instant the agent typed, read in their time zone; a clear refusal for anything else."""
    raw = (raw or "").strip()[:40]
    for pattern in FORMATS:
        try:
            typed = datetime.strptime(raw, pattern)  # made aware in the agent's zone below
        except ValueError:
            continue
        if not 2000 <= typed.year <= 9998:
            break
        return timezone.make_aware(typed, timezone.get_current_timezone())
    raise Invalid(
        ConsoleErrorCode.INVALID_TIME,
        _("Give the reminder's date and time, e.g. 2026-12-03 18:00."),
        field="until",
    )
