from django.db import models


class TicketNumberSequence(models.Model):
    """The one counter that ticket numbers come from. It only ever grows, so a number is never reused."""

    name = models.CharField(max_length=32, primary_key=True)
    last_value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "ticket number sequence"

    def __str__(self) -> str:
        return f"{self.name}: {self.last_value}"
