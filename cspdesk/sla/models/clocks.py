"""Per-ticket SLA state: the clocks with their stored, indexed deadlines, the pause intervals they were
computed from, the moments that start the typical and escalation clocks, and the alert ledger."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cspdesk.sla.models.policies import SlaPolicy
from cspdesk.tickets.models import Ticket


class ClockKind(models.TextChoices):
    REACTION = "reaction", _("reaction")
    RESOLUTION = "resolution", _("resolution")
    ESCALATION = "escalation", _("escalation")


class ClockState(models.TextChoices):
    RUNNING = "running", _("running")
    PAUSED = "paused", _("paused")
    MET = "met", _("met")
    BREACHED = "breached", _("breached")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class PauseReason(models.TextChoices):
    WAITING = "waiting_for_requester", _("waiting for requester")
    VENDOR_CASE = "vendor_case", _("vendor case open")
    RESOLVED = "resolved", _("resolved until reopened")
    ESTIMATE_PENDING = "estimate_pending", _("cost estimate awaiting the requester's approval")


class SlaClock(models.Model):
    """One clock of a ticket as last computed. ``due_at`` and ``next_alert_at`` are stored so that
    "what breaches in the next 30 minutes" and the check-sla sweep are single indexed queries."""

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="sla_clocks", verbose_name=_("ticket"))
    kind = models.CharField(_("clock"), max_length=12, choices=ClockKind)
    policy = models.ForeignKey(
        SlaPolicy, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("policy")
    )
    state = models.CharField(_("state"), max_length=16, choices=ClockState)
    target_seconds = models.PositiveIntegerField(_("target, seconds"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("paused, seconds"), default=0)
    used_seconds = models.PositiveIntegerField(_("used, seconds"), default=0)
    pause_reason = models.CharField(_("pause reason"), max_length=24, choices=PauseReason, blank=True)
    is_typical = models.BooleanField(_("typical request target"), default=False)
    vendor_case = models.BooleanField(_("vendor case"), default=False)
    estimate = models.BooleanField(
        _("approved estimate target"),
        default=False,
        help_text=_("Paid work: the target is the approved cost estimate, counted from its approval"),
    )
    merged = models.BooleanField(
        _("merged duplicate"),
        default=False,
        help_text=_("The ticket was merged into another; that ticket's clocks count, not these"),
    )
    alert_schedule = models.JSONField(
        _("alert schedule"),
        default=dict,
        blank=True,
        help_text=_("When each warning and the breach fall due"),
    )
    next_alert_at = models.DateTimeField(_("next alert"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        ordering = ["ticket", "kind"]
        constraints = [models.UniqueConstraint(fields=["ticket", "kind"], name="sla_clock_unique")]
        indexes = [
            models.Index(
                fields=["due_at"], condition=models.Q(state="running"), name="sla_clock_running_due_idx"
            ),
            models.Index(
                fields=["next_alert_at"],
                condition=models.Q(next_alert_at__isnull=False),
                name="sla_clock_next_alert_idx",
            ),
            models.Index(fields=["kind", "stopped_at"], name="sla_clock_stopped_idx"),
            # A ticket's next deadline (the console's queue order) read from the index alone.
            models.Index(
                fields=["ticket", "due_at"],
                condition=models.Q(state="running"),
                name="sla_clock_ticket_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.state}"


class SlaPause(models.Model):
    """A suspension of the resolution clock, derived from the status history; open while ``ended_at``
    is empty."""

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="sla_pauses", verbose_name=_("ticket"))
    reason = models.CharField(_("reason"), max_length=24, choices=PauseReason)
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("SLA pause")
        verbose_name_plural = _("SLA pauses")
        ordering = ["ticket", "started_at", "id"]
        indexes = [models.Index(fields=["ticket", "started_at"], name="sla_pause_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.reason} {self.started_at:%Y-%m-%d %H:%M}"


class PrimaryInformation(models.Model):
    """The moment the primary-information checklist became complete: it starts the typical 2 h clock."""

    ticket = models.OneToOneField(
        Ticket, models.CASCADE, related_name="sla_primary_information", verbose_name=_("ticket")
    )
    completed_at = models.DateTimeField(_("complete since"))
    recorded_by = models.ForeignKey(
        "accounts.User",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("primary information complete")
        verbose_name_plural = _("primary information complete")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.completed_at:%Y-%m-%d %H:%M}"


class EscalationRequest(models.Model):
    """The requester asked for the case to go to Microsoft: it starts the 2 h escalation clock."""

    ticket = models.OneToOneField(
        Ticket, models.CASCADE, related_name="sla_escalation_request", verbose_name=_("ticket")
    )
    requested_at = models.DateTimeField(_("requested"))
    recorded_by = models.ForeignKey(
        "accounts.User",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("escalation request")
        verbose_name_plural = _("escalation requests")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.requested_at:%Y-%m-%d %H:%M}"


class AlertBasis(models.TextChoices):
    """What target an alert was about: the terms' (24 h, or 2 h for a typical request) or a paid ticket's
    approved estimate, which is a new promise with warnings of its own."""

    TERMS = "", _("support terms")
    ESTIMATE = "estimate", _("approved estimate")


class SlaAlert(models.Model):
    """The ledger of warnings and breach notices: each (ticket, clock, basis, level) is sent once."""

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="sla_alerts", verbose_name=_("ticket"))
    kind = models.CharField(_("clock"), max_length=12, choices=ClockKind)
    basis = models.CharField(_("target"), max_length=12, choices=AlertBasis, default="", blank=True)
    level = models.CharField(_("level"), max_length=16, help_text=_("warning_75, warning_90 or breach"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"))
    recipients = models.JSONField(_("recipients"), default=list, blank=True)

    class Meta:
        verbose_name = _("SLA alert")
        verbose_name_plural = _("SLA alerts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "kind", "basis", "level"], name="sla_alert_once_per_basis"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.level}"

    @property
    def is_breach(self) -> bool:
        return self.level == "breach"


class PhoneOutcome(models.TextChoices):
    """The outcome of the call a phone ticket's reaction is measured on (the phone channel's call
    outcomes that count: a short abandon or a hang-up in the voice menu never waited for an engineer)."""

    IN_PROGRESS = "in_progress", _("in progress")
    ANSWERED = "answered", _("answered")
    ABANDONED_QUEUE = "abandoned_queue", _("abandoned in the queue")
    VOICEMAIL = "voicemail", _("voicemail")


class PhoneAnswer(models.Model):
    """How long the caller of a phone ticket waited for an engineer: its reaction clock (docs/sla.md).
    Written by the phone channel from the ticket's first inbound call that reached the queue, and kept
    up to date as that call's record changes."""

    ticket = models.OneToOneField(
        Ticket, models.CASCADE, related_name="sla_phone_answer", verbose_name=_("ticket")
    )
    wait_started_at = models.DateTimeField(_("wait started"))
    connected_at = models.DateTimeField(_("connected to an engineer"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=PhoneOutcome)
    wait_seconds = models.PositiveIntegerField(
        _("wait, seconds"),
        null=True,
        blank=True,
        help_text=_("Until the engineer answered or the caller hung up; empty while the caller waits"),
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("phone answer")
        verbose_name_plural = _("phone answers")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.outcome} {self.wait_seconds}"
