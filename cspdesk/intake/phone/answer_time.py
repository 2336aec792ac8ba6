"""The phone's reaction figures the terms ask for, from a call record: the wait until an engineer is
connected, met at ≤ 60 s, and whether it was ≤ 15 s. Short abandons and hang-ups in the voice menu are
left out of both sides (the caller never waited for an engineer); a call abandoned in the queue or sent to
voicemail counts, as missed."""

from dataclasses import dataclass

from cspdesk.intake.phone.models import CallOutcome as Outcome

COUNTED = {Outcome.ANSWERED, Outcome.ABANDONED_QUEUE, Outcome.VOICEMAIL}


@dataclass(frozen=True)
class AnswerTime:
    counted: bool
    wait_seconds: int | None
    met: bool | None  # answered within the target (60 s)
    fast: bool | None  # answered within the fast target (15 s)


def answer_time(
    *, outcome: str, wait_seconds: int | None, target_seconds: int = 60, fast_seconds: int = 15
) -> AnswerTime:
    if outcome not in COUNTED:
        return AnswerTime(counted=False, wait_seconds=wait_seconds, met=None, fast=None)
    answered = outcome == Outcome.ANSWERED and wait_seconds is not None
    return AnswerTime(
        counted=True,
        wait_seconds=wait_seconds,
        met=answered and wait_seconds <= target_seconds,
        fast=answered and wait_seconds <= fast_seconds,
    )
