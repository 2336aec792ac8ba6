"""Calls from the PBX: every event as received (append-only) and one record per call, recomputed from them.

Imported by ``intake/models.py`` so that Django finds these models in the intake app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CallEventKind(models.TextChoices):
    ENTERED_IVR = "entered_ivr", _("entered the voice menu")
    ENTERED_QUEUE = "entered_queue", _("entered the queue")
    RINGING = "ringing", _("ringing an engineer")
    CONNECTED = "connected", _("connected to an engineer")
    TRANSFERRED = "transferred", _("transferred")
    ENDED = "ended", _("ended")
    ABANDONED = "abandoned", _("abandoned")
    VOICEMAIL = "voicemail", _("voicemail")
    OTHER = "other", _("other (kept, not counted)")


class CallOutcome(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    ANSWERED = "answered", _("answered")
    ABANDONED_IVR = "abandoned_ivr", _("abandoned in the voice menu")
    ABANDONED_QUEUE = "abandoned_queue", _("abandoned in the queue")
    SHORT_ABANDON = "short_abandon", _("short abandon")
    VOICEMAIL = "voicemail", _("voicemail")


class Call(models.Model):
    """One call, however many legs and transfers it had; every field is recomputed from its events
    (``record.call_record_compute``), so events that arrive late or twice change nothing twice."""

    provider = models.CharField(_("provider"), max_length=20)
    call_key = models.CharField(_("provider's call id"), max_length=128)
    direction = models.CharField(_("direction"), max_length=3, default="in")
    line = models.CharField(_("line dialled"), max_length=32, blank=True)
    caller_raw = models.CharField(_("caller as sent"), max_length=64, blank=True)
    caller = models.CharField(_("caller (E.164)"), max_length=20, blank=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True, db_index=True)
    queue_entered_at = models.DateTimeField(_("entered the queue"), null=True, blank=True)
    first_ring_at = models.DateTimeField(_("first ring"), null=True, blank=True)
    connected_at = models.DateTimeField(_("connected"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    engineer_extension = models.CharField(_("engineer's extension"), max_length=32, blank=True)
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="phone_calls",
        verbose_name=_("engineer"),
    )
    wait_seconds = models.PositiveIntegerField(_("wait, seconds"), null=True, blank=True)
    talk_seconds = models.PositiveIntegerField(_("talk, seconds"), null=True, blank=True)
    transfers = models.PositiveSmallIntegerField(_("transfers"), default=0)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=CallOutcome, default=CallOutcome.IN_PROGRESS
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="phone_calls",
        verbose_name=_("ticket"),
    )
    # The engineers' extensions the call rang so far, each told once (the screen pop opens on their pages).
    rung_extensions = models.JSONField(_("extensions rung"), default=list, blank=True)
    # Who the caller is, when an engineer said so on the screen pop ("this number belongs to …").
    contact = models.ForeignKey(
        "accounts.Contact",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="phone_calls",
        verbose_name=_("caller's contact"),
    )
    contact_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caller identified by"),
    )
    contact_set_at = models.DateTimeField(_("caller identified"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("phone call")
        verbose_name_plural = _("phone calls")
        ordering = ["-started_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["provider", "call_key"], name="phone_call_unique")]

    def __str__(self) -> str:
        return f"{self.provider} {self.call_key} {self.caller or self.caller_raw}"


class CallEvent(models.Model):
    """One event from the PBX as it came (payload kept), stored once by its de-duplication key."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="events", verbose_name=_("call"))
    provider = models.CharField(_("provider"), max_length=20)
    call_key = models.CharField(_("provider's call id"), max_length=128)
    leg_id = models.CharField(_("provider's leg id"), max_length=128, blank=True)
    sequence = models.BigIntegerField(_("provider's sequence"), null=True, blank=True)
    pbx_at = models.DateTimeField(_("PBX time"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"))
    kind = models.CharField(_("kind"), max_length=16, choices=CallEventKind)
    location = models.CharField(_("location"), max_length=32, blank=True)
    cause = models.CharField(_("cause"), max_length=64, blank=True)
    extension = models.CharField(_("extension or agent"), max_length=64, blank=True)
    caller_raw = models.CharField(_("caller as sent"), max_length=64, blank=True)
    line_raw = models.CharField(_("line as sent"), max_length=64, blank=True)
    direction = models.CharField(_("direction"), max_length=3, default="in")
    payload = models.JSONField(_("payload"), default=dict)
    signature_verified = models.BooleanField(_("signature verified"), default=False)
    dedupe_key = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("call event")
        verbose_name_plural = _("call events")
        ordering = ["received_at", "id"]
        # No index on (provider, call_key): every read of a call's events goes through ``call_id`` (its
        # foreign key's index); a second index cost each import's insert without serving a query.

    def __str__(self) -> str:
        return f"{self.provider} {self.call_key} {self.kind}"


class CallbackResult(models.TextChoices):
    REACHED = "reached", _("reached")
    NO_ANSWER = "no_answer", _("no answer")
    WRONG_NUMBER = "wrong_number", _("wrong number")
    HANDLED_ELSEWHERE = "handled_elsewhere", _("handled elsewhere")


class Callback(models.Model):
    """A caller to call back: one open callback per number, however many times they called and missed.
    Its fields are recomputed from its missed calls (``callbacks.callback_call_refresh``), so a call's
    events arriving twice or late count the call once. Closed when the caller is reached (a call that
    connected, either way) or when an engineer marks it handled."""

    caller = models.CharField(_("caller (E.164)"), max_length=20, db_index=True)
    missed_at = models.DateTimeField(_("first missed call"), db_index=True)
    last_missed_at = models.DateTimeField(_("last missed call"))
    attempts = models.PositiveIntegerField(_("missed calls"), default=0)
    due_at = models.DateTimeField(_("call back by"), db_index=True)
    called_back_at = models.DateTimeField(_("reached"), null=True, blank=True)
    reached_by = models.ForeignKey(
        Call,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="callbacks_reached",
        verbose_name=_("call that reached the caller"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="phone_callbacks_handled",
        verbose_name=_("handled by"),
    )
    result = models.CharField(_("result"), max_length=20, choices=CallbackResult, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="phone_callbacks",
        verbose_name=_("ticket"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["caller"], condition=models.Q(handled_at__isnull=True), name="callback_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.caller} ({self.attempts})"

    @property
    def is_open(self) -> bool:
        return self.handled_at is None


class CallbackMiss(models.Model):
    """A missed call in its callback: a call is in one callback at most (the database says so)."""

    callback = models.ForeignKey(Callback, models.CASCADE, related_name="misses", verbose_name=_("callback"))
    call = models.OneToOneField(
        Call, models.CASCADE, related_name="callback_miss", verbose_name=_("missed call")
    )

    class Meta:
        verbose_name = _("missed call to call back")
        verbose_name_plural = _("missed calls to call back")

    def __str__(self) -> str:
        return f"{self.callback_id}: {self.call_id}"
