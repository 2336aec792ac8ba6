"""Queue filters: which conditions a queue can be narrowed by, written back into a query string so that a
filter can be linked to, paged and saved (``forms.queues`` reads one)."""

from dataclasses import dataclass

from django.utils.http import urlencode

from cspdesk.tickets.selectors import tickets_filter

FILTER_KEYS = ("queue", "status", "impact", "type", "channel")


@dataclass(frozen=True)
class QueueFilter:
    queue: str
    status: str = ""
    impact: str = ""
    request_type: str = ""
    channel: str = ""

    def apply(self, tickets):
        return tickets_filter(
            tickets,
            statuses=[self.status] if self.status else None,
            impact=self.impact or None,
            request_type=self.request_type or None,
            channel=self.channel or None,
        )

    def query(self) -> str:
        values = {
            "queue": self.queue,
            "status": self.status,
            "impact": self.impact,
            "type": self.request_type,
            "channel": self.channel,
        }
        return urlencode({key: value for key, value in values.items() if value})

    @property
    def narrowed(self) -> bool:
        return bool(self.status or self.impact or self.request_type or self.channel)
