"""What the console's phone report shows, as plain strings: the overall figures, each with the one line
that says how it is computed (the definitions of docs/sla.md, "Phone figures", which the API shares), and
the rows by line, hour and engineer. The figures come from ``reports.phone``; nothing is computed here."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cspdesk.reports.phone import PhonePeriodReport
from cspdesk.reports.phone_figures import PhoneFigures


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    how: str


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[str]


def seconds(value) -> str:
    if value is None:
        return "—"
    return _("%(seconds)s s") % {"seconds": f"{value:g}" if isinstance(value, float) else value}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:g} %"


def overall(report: PhonePeriodReport) -> list[Figure]:
    total, short = report.figures.total, report.short_abandon_seconds
    counted = _("calls counted: answered, abandoned in the queue, voicemail")
    found = [
        Figure(
            _("Answered within %(seconds)s s") % {"seconds": limit},
            percent(total.service_level[limit]),
            _("Answered within %(seconds)s s of entering the queue ÷ %(counted)s.")
            % {"seconds": limit, "counted": counted},
        )
        for limit in total.service_level
    ]
    found += [
        Figure(
            _("Calls counted"),
            str(total.counted),
            _("Inbound calls that ended in the period, without short abandons and voice-menu hang-ups."),
        ),
        Figure(
            _("Average speed of answer"),
            seconds(total.average_speed_of_answer),
            _("The mean wait of the answered calls, from entering the queue to the engineer's answer."),
        ),
        Figure(
            _("Wait: median, 90th, 95th percentile, longest"),
            " / ".join(seconds(v) for v in [*total.wait_percentiles.values(), total.wait_max]),
            _("Of the answered calls: the smallest wait that half, 90 and 95 in 100 of them did not exceed."),
        ),
        Figure(
            _("Abandoned in the queue"),
            f"{percent(total.abandoned_queue_percent)} ({total.abandoned_queue})",
            _("Hung up in the queue after %(short)s s ÷ calls counted.") % {"short": short},
        ),
        Figure(
            _("Abandoned in the voice menu"),
            f"{percent(total.abandoned_ivr_percent)} ({total.abandoned_ivr})",
            _("Hung up before reaching the queue ÷ (calls counted + these)."),
        ),
        Figure(
            _("Voicemail"),
            str(total.voicemail),
            _("Sent to voicemail: counted, not answered."),
        ),
        Figure(
            _("Short abandons"),
            str(total.short_abandons),
            _("Hung up within %(short)s s of the wait's start: in no share.") % {"short": short},
        ),
    ]
    callbacks = report.figures.callbacks
    if callbacks is not None:  # the report always reads the callback queue; the pure figures allow none
        found.append(
            Figure(
                _("Called back within %(minutes)s min") % {"minutes": callbacks.target_seconds // 60},
                f"{percent(callbacks.within_target_percent)} · {seconds(callbacks.p50_seconds)} / "
                f"{seconds(callbacks.p90_seconds)}",
                _(
                    "Called back within the target ÷ missed calls whose target has passed or that were "
                    "called back; then the median and 90th percentile of the time to call back."
                ),
            )
        )
    return found


def columns() -> list[str]:
    return [
        _("Counted"),
        _("Answered"),
        _("≤ 15 s"),
        _("≤ 20 s"),
        _("≤ 60 s"),
        _("Average answer"),
        _("90th percentile"),
        _("Longest"),
        _("Abandoned in the queue"),
        _("Voice menu"),
        _("Short abandons"),
    ]


def rows(items: list[PhoneFigures], *, nobody: str = "") -> list[Row]:
    return [
        Row(
            label=item.label or nobody or "—",
            cells=[
                str(item.counted),
                str(item.answered),
                *(percent(share) for share in item.service_level.values()),
                seconds(item.average_speed_of_answer),
                seconds(item.wait_percentiles[90]),
                seconds(item.wait_max),
                percent(item.abandoned_queue_percent),
                str(item.abandoned_ivr),
                str(item.short_abandons),
            ],
        )
        for item in items
    ]
