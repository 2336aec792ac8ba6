"""The ticket of an answered call is opened by a task after the hang-up's commit, not inside the PBX's
request; the task locks the call and looks again, so it opens one ticket however often it runs, and gives
way to an engineer who opened one from the screen pop first."""

from datetime import timedelta

import pytest

from cspdesk.core import clock
from cspdesk.intake.phone.models import Call
from cspdesk.intake.phone.selectors import calls_due_a_ticket
from cspdesk.intake.phone.tickets import call_ticket_open
from cspdesk.intake.tasks import call_ticket_auto_task, call_tickets_sweep_task
from cspdesk.tickets.choices import Channel
from cspdesk.tickets.models import Ticket
from tests.factories import AgentFactory, ContactFactory
from tests.intake.phone.calls import PhoneCall
from tests.intake.phone.conftest import Pbx

TASK = "cspdesk.intake.tasks.call_ticket_auto_task"


@pytest.fixture
def ivan(db):
    return AgentFactory(username="ivan", phone_extension="101")


@pytest.fixture
def caller(db):
    return ContactFactory(email="olga@romashka.example", phone="8 (916) 123-45-67")


@pytest.fixture
def deferred(client, db, django_capture_on_commit_callbacks):
    """Posts whose commits are held: what they enqueue waits in ``deferred.callbacks`` until run."""

    class Deferred(Pbx):
        callbacks: list = []

        def _post(self, *args, **kwargs):
            with django_capture_on_commit_callbacks() as held:
                response = self.client.post(*args, **kwargs)
            self.callbacks = [*self.callbacks, *held]
            return response

        def run(self):
            callbacks, self.callbacks = self.callbacks, []
            for callback in callbacks:
                callback()
            return len(callbacks)

    return Deferred(client)


def _tasks(callbacks) -> list:
    """The enqueues of the ticket's task among the callbacks held (``enqueue_on_commit``'s partials)."""
    return [
        callback
        for callback in callbacks
        if getattr(getattr(callback, "func", None), "__self__", None) is not None
        and callback.func.__self__.module_path == TASK
    ]


def _answered(pbx, key="c-1"):
    call = PhoneCall(pbx, key)
    call.queue()
    call.ring("101")
    call.answer("101")
    return call


def test_the_hang_up_enqueues_the_ticket_instead_of_opening_it(deferred, ivan, caller, sla_policies):
    call = _answered(deferred)
    deferred.run()  # the earlier events enqueue no ticket
    call.hangup(at=90, seq=10)
    assert Ticket.objects.count() == 0  # not inside the request
    assert len(_tasks(deferred.callbacks)) == 1
    deferred.run()  # the commit: the task runs (immediate in tests)
    ticket = Ticket.objects.get()
    assert Call.objects.get().ticket == ticket
    assert (ticket.channel, ticket.assignee, ticket.requester) == (Channel.PHONE, ivan, caller)


def test_a_hang_up_delivered_twice_opens_one_ticket(deferred, ivan, caller, sla_policies):
    call = _answered(deferred)
    call.hangup(at=90, seq=10)
    call.hangup(at=90, seq=10)  # the PBX retried: a duplicate, nothing enqueued
    assert len(_tasks(deferred.callbacks)) == 1
    call.hangup(at=91, seq=11)  # an end event of its own: enqueued again
    assert len(_tasks(deferred.callbacks)) == 2
    deferred.run()
    assert Ticket.objects.count() == 1
    assert Call.objects.get().ticket == Ticket.objects.get()


def test_the_task_run_twice_opens_one_ticket(deferred, ivan, caller, sla_policies):
    call = _answered(deferred)
    call.hangup()
    deferred.callbacks = []  # the enqueue is lost; the task is run by hand, twice
    record = Call.objects.get()
    first = call_ticket_auto_task.call(record.pk)
    assert first == Ticket.objects.get().pk
    assert call_ticket_auto_task.call(record.pk) is None
    assert Ticket.objects.count() == 1
    assert call_ticket_auto_task.call(record.pk + 1000) is None  # a call that is gone: nothing


def test_an_engineer_who_opens_the_ticket_from_the_pop_first_wins(deferred, ivan, caller, sla_policies):
    call = _answered(deferred)
    call.hangup()
    assert len(_tasks(deferred.callbacks)) == 1  # enqueued, not yet run
    ticket = call_ticket_open(call=Call.objects.get(), actor=ivan)
    deferred.run()  # the task finds the call ticketed: nothing more
    assert list(Ticket.objects.all()) == [ticket]
    assert ticket.assignee == ivan
    assert Call.objects.get().ticket == ticket


def test_a_call_still_ringing_or_missed_enqueues_nothing(deferred, ivan, caller, sla_policies):
    call = PhoneCall(deferred, "c-missed")
    call.queue()
    call.ring("101")
    call.hangup(at=40, cause="cancel")
    assert _tasks(deferred.callbacks) == []
    deferred.run()
    assert call_ticket_auto_task.call(Call.objects.get().pk) is None
    assert Ticket.objects.count() == 0


def test_the_sweep_opens_the_ticket_of_a_call_whose_task_was_lost(deferred, ivan, caller, sla_policies):
    now = clock.now()
    lost, recent, old = (PhoneCall(deferred, key) for key in ("c-lost", "c-recent", "c-old"))
    lost.start = now - timedelta(minutes=5)
    recent.start = now - timedelta(seconds=65)  # ended 5 s ago: its task is still due to run
    old.start = now - timedelta(days=3)  # beyond the sweep's day
    for call in (lost, recent, old):
        call.queue()
        call.answer("101")
        call.hangup(at=60)
    deferred.callbacks = []  # every enqueue lost
    assert calls_due_a_ticket(now=now) == [Call.objects.get(call_key="c-lost").pk]
    assert call_tickets_sweep_task.call() == 1
    assert call_tickets_sweep_task.call() == 0
    assert list(Call.objects.exclude(ticket=None).values_list("call_key", flat=True)) == ["c-lost"]
