"""Reads of the phone channel."""

from cspdesk.intake.phone.answer_time import AnswerTime, answer_time
from cspdesk.intake.phone.conf import phone_conf
from cspdesk.intake.phone.models import Call


def call_answer_time(call: Call) -> AnswerTime:
    """The terms' figures for one call; an outgoing call is never counted."""
    if call.direction != "in":
        return AnswerTime(counted=False, wait_seconds=call.wait_seconds, met=None, fast=None)
    return answer_time(
        outcome=call.outcome,
        wait_seconds=call.wait_seconds,
        target_seconds=phone_conf("ANSWER_TARGET_SECONDS"),
        fast_seconds=phone_conf("ANSWER_FAST_SECONDS"),
    )
