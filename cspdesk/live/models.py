"""The live-update log: one row per change an open console should hear of, written in the transaction of
the change (so it is seen only once committed, and never for a change that rolled back). Every web process
reads the log and pushes it to its open pages (``live.hub``); docs/adr/010-live-updates.md says why."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LiveEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("kind"), max_length=40)
    # Who may hear it: the ticket's pages; its queue rows (the group and assignee for engineers limited to
    # their groups); or one agent only (a notification). Plain ids: the log knows nothing of tickets.
    ticket_id = models.BigIntegerField(_("ticket"), null=True, blank=True)
    group_id = models.BigIntegerField(_("group"), null=True, blank=True)
    assignee_id = models.BigIntegerField(_("assignee"), null=True, blank=True)
    recipient_id = models.BigIntegerField(_("recipient"), null=True, blank=True)
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("live event")
        verbose_name_plural = _("live events")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.ticket_id or '-'}"
