from django.tasks import task

from cspdesk.sla.alerts import sla_check
from cspdesk.sla.services import sla_open_clocks_recompute


@task
def sla_check_task() -> int:
    """Periodic (every minute, by the worker's own clock): the check-sla sweep. Idempotent: the alert
    ledger sends each warning once however many workers run it."""
    return sla_check()


@task
def sla_open_clocks_recompute_task() -> int:
    """After a policy or calendar is edited: every open ticket's deadlines follow the new data."""
    return sla_open_clocks_recompute()
