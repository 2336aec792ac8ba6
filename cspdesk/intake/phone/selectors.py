"""Reads of the phone channel."""

from django.db.models import Q, QuerySet

from cspdesk.accounts.models import Contact
from cspdesk.accounts.permissions import scope_for_user
from cspdesk.intake.phone.answer_time import AnswerTime, answer_time
from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.models import Call, Callback
from cspdesk.intake.phone.numbers import e164
from cspdesk.tickets.selectors import tickets_visible_to


def call_answer_time(call: Call) -> AnswerTime:
    """The terms' figures for one call; an outgoing call is never counted."""
    if call.direction != "in":
        return AnswerTime(counted=False, wait_seconds=call.wait_seconds, met=None, fast=None)
    return answer_time(
        outcome=call.outcome,
        wait_seconds=call.wait_seconds,
        target_seconds=phone_conf("ANSWER_TARGET_SECONDS"),
        fast_seconds=phone_conf("ANSWER_FAST_SECONDS"),
    )


def callbacks_visible_to(user) -> QuerySet[Callback]:
    """The callbacks an agent may see and handle: all of them, for an engineer limited to their groups
    (``CSPDESK_ENGINEER_SEES=own_groups``) those not tied to a ticket and those whose ticket they may see;
    none for a requester or anyone signed out."""
    if not (user.is_authenticated and user.is_active and user.is_agent):
        return Callback.objects.none()
    scope = scope_for_user(user)
    if scope.everything:
        return Callback.objects.all()
    return Callback.objects.filter(
        Q(ticket__isnull=True) | Q(ticket__in=tickets_visible_to(user).values("pk"))
    )


def callbacks_list(user, *, handled: bool = False) -> QuerySet[Callback]:
    """Open callbacks by due time (the most urgent first); handled ones the latest first."""
    rows = callbacks_visible_to(user).select_related("handled_by", "ticket")
    if handled:
        return rows.filter(handled_at__isnull=False).order_by("-handled_at", "-id")
    return rows.filter(handled_at__isnull=True).order_by("due_at", "id")


def contacts_by_number(numbers: list[str]) -> dict[str, list[str]]:
    """The names of the contacts whose phone, normalised to E.164, is one of these numbers. Contacts keep
    their phone as typed ("+7 (916) 123-45-67"), so the database narrows them by the last four digits in
    order (separators allowed) and each candidate is normalised here."""
    wanted = {n for n in numbers if n and n[1:].isdigit() and len(n) >= 5}
    if not wanted:
        return {}
    tails = sorted({r"\D*".join(n[-4:]) for n in wanted})
    candidates = Contact.objects.filter(phone__regex="(" + "|".join(tails) + ")").order_by("name", "pk")
    found: dict[str, list[str]] = {}
    region = phone_conf("REGION")
    for name, email, phone in candidates.values_list("name", "email", "phone")[:2000]:
        number = e164(phone, national=True, region=region)
        if number in wanted:
            found.setdefault(number, []).append(name or email or phone)
    return found
