from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import AgentGroup, Contact, Customer, Language, Partner
from cspdesk.catalog.models import RequestType, Scope
from cspdesk.tickets.choices import Channel, Impact, Status

# The open statuses (tickets.states.OPEN_STATUSES), spelt out for the partial indexes.
_OPEN = models.Q(
    status__in=["new", "accepted", "in_progress", "waiting_for_requester", "escalated_to_vendor"]
)


class Ticket(models.Model):
    number = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=500)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    status = models.CharField(_("status"), max_length=24, choices=Status, default=Status.NEW)
    impact = models.CharField(_("impact"), max_length=24, choices=Impact, blank=True)
    request_type = models.ForeignKey(
        RequestType,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("request type"),
    )
    scope = models.CharField(_("support scope"), max_length=4, choices=Scope, default=Scope.FREE)
    requester = models.ForeignKey(
        Contact, models.PROTECT, related_name="tickets", verbose_name=_("requester")
    )
    requester_name = models.CharField(
        _("requester's name as given"),
        max_length=200,
        blank=True,
        help_text=_("The name given with this request (request form, API, mail sender); mail greets it"),
    )
    partner = models.ForeignKey(
        Partner, models.PROTECT, null=True, blank=True, related_name="tickets", verbose_name=_("partner")
    )
    customer = models.ForeignKey(
        Customer, models.PROTECT, null=True, blank=True, related_name="tickets", verbose_name=_("customer")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )
    group = models.ForeignKey(
        AgentGroup, models.SET_NULL, null=True, blank=True, related_name="tickets", verbose_name=_("group")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language, default=Language.RU)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    sla_due_at = models.DateTimeField(
        _("next SLA deadline"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The earliest deadline of a running SLA clock, kept by the SLA engine for queue order"),
    )
    awaiting_desk_since = models.DateTimeField(
        _("requester waiting for the desk since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The requester wrote and nobody has answered yet: set by the requester's first unanswered "
            "message, cleared by an agent's reply, the ticket's acceptance, resolution or closing, or its "
            "assignee opening it"
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_tickets",
        verbose_name=_("merged into"),
        help_text=_("A closed duplicate: its conversation now lives on this ticket"),
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "-id"], name="ticket_status_idx"),
            # A number typed in any case (number__iexact) is found without reading every ticket.
            models.Index(Upper("number"), name="ticket_number_upper_idx"),
            # The console's queues: open tickets by their next SLA deadline, read in index order up to a
            # page, and the per-queue counts from the index alone.
            models.Index(fields=["sla_due_at", "id"], condition=_OPEN, name="ticket_open_deadline_idx"),
            # … and within one status (waiting, vendor: their clocks pause) or one assignee (my tickets).
            models.Index(
                fields=["status", "sla_due_at", "id"], condition=_OPEN, name="ticket_status_deadline_idx"
            ),
            models.Index(
                fields=["assignee", "sla_due_at", "id"], condition=_OPEN, name="ticket_assignee_deadline_idx"
            ),
            models.Index(
                fields=["assignee", "group", "status"], condition=_OPEN, name="ticket_open_queue_idx"
            ),
            # The console's "requester replied" queue: the few open tickets with an unanswered message.
            models.Index(
                fields=["assignee", "awaiting_desk_since"],
                condition=_OPEN & models.Q(awaiting_desk_since__isnull=False),
                name="ticket_awaiting_desk_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def greeting_name(self) -> str:
        """Whom mail to the requester greets: the name given with this request (a shared mailbox's contact
        may be anyone of a team), else the contact's stored name."""
        return self.requester_name or self.requester.name

    @property
    def organisation(self) -> Customer | Partner | None:
        return self.customer or self.partner
