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
