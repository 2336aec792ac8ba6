from cspdesk.live.models import LiveEvent


def live_last_id() -> int:
    return LiveEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
