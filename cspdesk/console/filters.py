"""Queue filters: which conditions a queue can be narrowed by, read from the query string and written
back into one, so that a filter can be linked to, paged and saved."""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.http import urlencode

from cspdesk.tickets.choices import Channel, Impact
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


def queue_filter_from(params: QueryDict, *, queues: set[str], statuses: list[str], types: set[str]):
    """Unknown values are dropped, never an error: a stale link still opens."""

    def pick(key: str, allowed) -> str:
        value = params.get(key, "")
        return value if value in allowed else ""

    return QueueFilter(
        queue=pick("queue", queues) or "mine",
        status=pick("status", statuses),
        impact=pick("impact", Impact.values),
        request_type=pick("type", types),
        channel=pick("channel", Channel.values),
    )
