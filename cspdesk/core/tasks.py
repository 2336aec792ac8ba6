"""Enqueue background tasks only after the transaction that caused them commits."""

from functools import partial

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    transaction.on_commit(partial(task.enqueue, *args, **kwargs))
