"""Enqueue background tasks only after the transaction that caused them commits.

A service names its task by dotted path (``"cspdesk.workflows.tasks.vendor_case_retry_task"``) rather than
importing it: tasks sit on top of the services they call, and nothing below them imports them (Zulip's
actions enqueue events by queue name the same way). The path is resolved when the service calls, so a
wrong name fails inside the caller's transaction, not later in the worker."""

from functools import partial

from django.db import transaction
from django.utils.module_loading import import_string


def enqueue_on_commit(task, *args, options: dict | None = None, **kwargs) -> None:
    """``task`` is a task's dotted path (or the task itself); ``args`` and ``kwargs`` are its arguments;
    ``options`` change how this one is queued (``{"priority": -10}``: Django's ``Task.using``)."""
    if isinstance(task, str):
        task = import_string(task)
    if options:
        task = task.using(**options)
    transaction.on_commit(partial(task.enqueue, *args, **kwargs))
