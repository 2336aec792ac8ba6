from django_tasks import task

from cspdesk.live.services import live_prune


@task
def live_prune_task() -> int:
    return live_prune()
