import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cspdesk.intake.phone.adapters.generic import generic_secret
from cspdesk.intake.phone.simulate import SimulatedCall, simulated_call_place


class Command(BaseCommand):
    help = "Place a simulated call through the generic phone endpoint of a running desk (signed)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="caller", default="+7 916 123-45-67", help="The caller's number.")
        parser.add_argument(
            "--to", dest="line", default="", help="The line dialled (the first support line)."
        )
        parser.add_argument("--ivr", type=int, default=0, help="Seconds in the voice menu before the queue.")
        parser.add_argument(
            "--answer-after", type=int, default=None, help="Seconds in the queue until answered."
        )
        parser.add_argument("--abandon-after", type=int, default=None, help="The caller hangs up after N s.")
        parser.add_argument(
            "--voicemail", action="store_true", help="Unanswered: the caller leaves a message."
        )
        parser.add_argument("--talk", type=int, default=30, help="Seconds of talk after the answer.")
        parser.add_argument(
            "--extension",
            "--answer-by",
            dest="extension",
            default="101",
            help="The engineer's extension that answers.",
        )
        parser.add_argument(
            "--ring",
            default="",
            help="The extensions rung, comma-separated (ring-all: 101,102); default: the answering one.",
        )
        parser.add_argument(
            "--hold",
            type=float,
            default=0,
            help="Real seconds to wait before the answer and again before the hang-up (to see the pop).",
        )
        parser.add_argument("--url", default=settings.CSPDESK["DESK_URL"], help="The desk's address.")
        parser.add_argument(
            "--secret", default="", help="The generic endpoint's secret (default: the desk's)."
        )
        parser.add_argument("--real-time", action="store_true", help="Send each event when it happens.")

    def handle(self, *args, caller, line, ivr, answer_after, abandon_after, voicemail, talk, **options):
        if answer_after is not None and (abandon_after is not None or voicemail):
            raise CommandError(_("Give either --answer-after or --abandon-after/--voicemail, not both."))
        if min(ivr, talk, answer_after or 0, abandon_after or 0, options["hold"]) < 0:
            raise CommandError(_("Durations cannot be negative."))
        ring = tuple(part.strip() for part in options["ring"].split(",") if part.strip())
        if any(not part.isascii() or not part.isalnum() or len(part) > 32 for part in ring):
            raise CommandError(_("--ring takes extensions separated by commas, e.g. 101,102."))
        if answer_after is None and abandon_after is None:
            answer_after = 10
        call = SimulatedCall(
            caller=caller,
            line=line or (settings.SUPPORT_PHONES or [""])[0],
            ivr_seconds=ivr,
            answer_after=answer_after,
            abandon_after=abandon_after,
            talk_seconds=talk,
            extension=options["extension"],
            voicemail=voicemail,
            ring=ring,
            hold_seconds=options["hold"],
        )
        secret = options["secret"] or generic_secret(settings.CSPDESK["PHONE"]["BACKENDS"]["generic"])
        try:
            call_id, answers = simulated_call_place(
                call, url=options["url"], secret=secret, real_time=options["real_time"]
            )
        except requests.RequestException as error:
            raise CommandError(
                _("The desk at %(url)s did not answer: %(error)s") % {"url": options["url"], "error": error}
            ) from error
        for answer in answers:
            self.stdout.write(f"{answer['event']}: {answer['status']} {answer['body']}")
        refused = [answer for answer in answers if answer["status"] != 200]
        if refused:
            raise CommandError(
                _("The desk refused %(count)d of the call's events: %(first)s")
                % {"count": len(refused), "first": refused[0]["body"]}
            )
        self.stdout.write(self.style.SUCCESS(_("Call %(call)s placed.") % {"call": call_id}))
