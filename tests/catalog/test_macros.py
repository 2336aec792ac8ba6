"""Canned replies: one per typical request type in Russian and English; placeholders filled by plain
substitution (a supervisor's text cannot run template code)."""

import pytest

from cspdesk.catalog.macros import macro_fill
from cspdesk.catalog.models import CannedReply, RequestType
from cspdesk.catalog.selectors import canned_replies_for


def test_known_placeholders_are_filled_and_others_left_alone():
    text = (
        "{{ ticket_number }} {{requester_name}} {{ tenant_domain }} {{ secret }} {% load x %} {{ engineer }}"
    )
    filled = macro_fill(text, {"ticket_number": "CSP-000001", "requester_name": "Ольга", "engineer": "Иван"})
    assert filled == "CSP-000001 Ольга  {{ secret }} {% load x %} Иван"


@pytest.mark.django_db
def test_every_typical_request_type_has_a_canned_reply_in_both_languages():
    for request_type in RequestType.objects.filter(is_active=True):
        if not request_type.is_typical:
            continue
        languages = set(request_type.canned_replies.values_list("language", flat=True))
        assert languages == {"ru", "en"}, request_type.code


@pytest.mark.django_db
def test_a_ticket_is_offered_its_type_s_and_the_general_replies_its_language_first():
    request_type = RequestType.objects.get(code="mail_domain_setup")
    offered = list(canned_replies_for(request_type, "en"))
    assert {m.request_type_id for m in offered} == {None, request_type.pk}
    assert offered[0].language == "en"
    assert not [m for m in offered if m.request_type and m.request_type != request_type]
    CannedReply.objects.filter(request_type=request_type).update(is_active=False)
    assert all(m.request_type_id is None for m in canned_replies_for(request_type, "en"))
