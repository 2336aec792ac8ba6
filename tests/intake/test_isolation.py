"""The parser's helper process: killed when a parse runs past its time, replaced for the next message."""

import time

import pytest

from cspdesk.intake.mail import isolation
from cspdesk.intake.mail.parse import Limits, MailUnreadable
from tests.intake import hostile
from tests.intake.mailbuilder import make_mail


def test_a_parse_past_its_time_is_killed_and_the_next_message_is_parsed():
    isolation.parse_mail_isolated(make_mail(), Limits(), seconds=60)  # started
    first = isolation._helper.process
    started = time.monotonic()
    with pytest.raises(isolation.ParseTimeout):
        isolation.parse_mail_isolated(hostile.reopened_formatting(), Limits(), seconds=0.5)
    assert time.monotonic() - started < 3
    assert first.poll() is not None  # killed, not left running in the background
    mail = isolation.parse_mail_isolated(make_mail(subject="Следующее"), Limits(), seconds=60)
    assert mail.subject == "Следующее"


def test_the_same_message_with_its_html_flattened_is_quick():
    mail = isolation.parse_mail_isolated(hostile.reopened_formatting(), Limits(render_html=False), seconds=10)
    assert mail.html_flattened == "time" and mail.body_html == "" and mail.body_text.split()[0] == "Текст"


def test_an_unreadable_message_comes_back_as_its_error():
    with pytest.raises(MailUnreadable, match="nested deeper"):
        isolation.parse_mail_isolated(hostile.nested_parts(), Limits(), seconds=30)


def test_a_helper_that_died_between_messages_is_replaced():
    isolation.parse_mail_isolated(make_mail(), Limits(), seconds=60)
    isolation._helper.process.kill()
    isolation._helper.process.wait(5)
    assert isolation.parse_mail_isolated(make_mail(subject="После"), Limits(), seconds=60).subject == "После"
