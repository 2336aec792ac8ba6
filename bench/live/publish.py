"""The live benchmark's publisher: real changes through the desk's workflows at an even rate, in a process
of its own (so that it shares no event loop with the listening consoles). Run by bench/live/run.py:

    .venv/bin/python bench/live/publish.py --rate 20 --seconds 60 --out schedule.json

Each change is an internal note by a random agent on a random open ticket (``conversation_add``, one
transaction: the message, its history event and the live event). Once Django is set up and the agents
and tickets are read, it prints ``ready`` and reads the first change's due time (epoch seconds) from its
standard input, so that its own start-up is not counted as lag. With ``--parts P`` several publishers
share the schedule, as several agents work at once: publisher ``--part k`` makes the changes n ≡ k
(mod P). The n-th change is due at ``start_at + n / rate``, an
absolute schedule: a change that comes due while an earlier one is still running starts as soon as that
one ends, and the schedule catches up instead of drifting. Writes the schedule as JSON: for each change
its due time, the call's start and end (``time.time()``), the ticket and the agent.
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def publish(args) -> dict:
    from cspdesk.accounts.models import User
    from cspdesk.tickets.choices import Channel, MessageKind, Via
    from cspdesk.tickets.models import Ticket
    from cspdesk.workflows.ticket_change import conversation_add

    rng = random.Random(args.seed * 1000 + args.part)
    agents = list(User.objects.filter(username__startswith="live-agent-").order_by("pk"))
    tickets = list(Ticket.objects.order_by("pk"))
    if not agents or not tickets:
        raise SystemExit("publish: no agents or tickets in the database (run bench/live/run.py)")
    count = round(args.rate * args.seconds)
    print("ready", flush=True)
    start_at = float(sys.stdin.readline())  # the same for every publisher of the run
    changes = []
    for n in range(args.part, count, args.parts):
        due = start_at + n / args.rate
        pause = due - time.time()
        if pause > 0:
            time.sleep(pause)
        ticket, agent = rng.choice(tickets), rng.choice(agents)
        start = time.time()
        conversation_add(
            ticket=ticket,
            kind=MessageKind.NOTE,
            body=f"Проверка живых обновлений, заметка {n}.",
            channel=Channel.PORTAL,
            actor=agent,
            via=Via.CONSOLE,
        )
        end = time.time()
        changes.append(
            {"n": n, "due": due, "start": start, "end": end, "ticket": ticket.pk, "agent": agent.pk}
        )
    return {"rate": args.rate, "seconds": args.seconds, "changes": changes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20.0, help="changes per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--part", type=int, default=0, help="this publisher makes the changes n ≡ part")
    parser.add_argument("--parts", type=int, default=1, help="… modulo parts (publishers at once)")
    parser.add_argument("--out", required=True, help="where the schedule (JSON) goes")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspdesk.settings.base")
    import django

    django.setup()
    result = publish(args)
    Path(args.out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
