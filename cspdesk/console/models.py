from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedFilter(models.Model):
    """An agent's named queue filter (the queue and its conditions as a query string). Written by
    ``console.services`` only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="saved_filters", verbose_name=_("agent")
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("filter"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_filter_unique_name")]

    def __str__(self) -> str:
        return self.name


class QueueColumns(models.Model):
    """Which optional columns an agent's queues show (codes of ``console.columns.COLUMNS``, in their
    order). The number and the subject, with the *Replied* mark, are always shown. Written by
    ``console.services`` only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="queue_columns", verbose_name=_("agent")
    )
    columns = models.JSONField(_("columns"), default=list)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("queue columns")
        verbose_name_plural = _("queue columns")

    def __str__(self) -> str:
        return ", ".join(self.columns)


class TicketPresence(models.Model):
    """Who has a ticket open in the console, and whether they are writing a reply: the page says so
    every little while (``console.presence``); a presence not renewed for ``presence.FRESH`` is gone."""

    class State(models.TextChoices):
        VIEWING = "viewing", _("viewing")
        WRITING = "writing", _("writing a reply")

    ticket = models.ForeignKey("tickets.Ticket", models.CASCADE, related_name="+", verbose_name=_("ticket"))
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("agent")
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.VIEWING)
    seen_at = models.DateTimeField(_("seen"))

    class Meta:
        verbose_name = _("presence on a ticket")
        verbose_name_plural = _("presence on tickets")
        constraints = [models.UniqueConstraint(fields=["ticket", "agent"], name="ticket_presence_unique")]

    def __str__(self) -> str:
        return f"{self.agent} {self.state}"


class Draft(models.Model):
    """An agent's unsent reply or internal note on a ticket, kept on the server while they type, so that
    adding a note, inserting a canned reply, a reload or a walk to another ticket loses nothing. One per
    agent, ticket and kind; only its author reads it; sending the reply (adding the note) deletes it.
    Written by ``console.services`` only."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("reply")
        NOTE = "note", _("internal note")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="drafts", verbose_name=_("agent")
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", models.CASCADE, related_name="drafts", verbose_name=_("ticket")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(fields=["user", "ticket", "kind"], name="draft_unique_per_agent_ticket")
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.user_id}"
