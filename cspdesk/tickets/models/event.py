from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.tickets.models.ticket import Ticket


class TicketEvent(models.Model):
    """One line of a ticket's history: who, when, what. Written by ``tickets.events`` only."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        STATUS_CHANGED = "status_changed", _("status changed")
        REOPENED = "reopened", _("reopened")
        IMPACT_CHANGED = "impact_changed", _("impact changed")
        REQUEST_TYPE_CHANGED = "request_type_changed", _("request type changed")
        ASSIGNED = "assigned", _("assignee changed")
        GROUP_CHANGED = "group_changed", _("group changed")
        MESSAGE_ADDED = "message_added", _("message added")
        LINKED = "linked", _("linked to another ticket")
        PRIMARY_INFORMATION_COMPLETE = "primary_information_complete", _("primary information complete")
        ESCALATION_REQUESTED = "escalation_requested", _("escalation to the vendor requested")
        IDENTIFIED = "identified", _("requester identified")
        CHECKLIST_CHANGED = "checklist_changed", _("primary information changed")
        DETAILS_REQUESTED = "details_requested", _("details requested from the requester")
        ACCEPTANCE_SENT = "acceptance_sent", _("acceptance message sent")
        TIME_LOGGED = "time_logged", _("time logged")
        VENDOR_CASE_OPENED = "vendor_case_opened", _("vendor case opened")
        VENDOR_CASE_UPDATED = "vendor_case_updated", _("vendor case updated")
        VENDOR_CASE_CLOSED = "vendor_case_closed", _("vendor case closed by Microsoft")
        VENDOR_CASE_FAILED = "vendor_case_failed", _("vendor case could not be opened by API")
        VENDOR_CASE_NUMBER_SENT = "vendor_case_number_sent", _("vendor case number sent to the requester")
        INCIDENT_LINK = "incident_link", _("linked to a Microsoft service incident")
        MERGED_IN = "merged_in", _("another ticket merged into this one")
        MERGED_INTO = "merged_into", _("merged into another ticket")
        ESTIMATE_PROPOSED = "estimate_proposed", _("cost estimate proposed")
        ESTIMATE_APPROVED = "estimate_approved", _("cost estimate approved by the requester")
        ESTIMATE_DECLINED = "estimate_declined", _("cost estimate declined by the requester")
        CLOSED_BY_REQUESTER = "closed_by_requester", _("resolution confirmed by the requester")
        SNOOZED = "snoozed", _("snoozed (pending reminder)")
        SNOOZE_ENDED = "snooze_ended", _("snooze ended")

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="events", verbose_name=_("ticket"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as shown)"), max_length=200)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="ticket_event_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"
