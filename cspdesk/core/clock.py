"""The one source of the current time, so that tests and SLA arithmetic can control it."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
