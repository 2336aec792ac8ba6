import pytest

from cspdesk.notifications.models import EmailTemplate
from cspdesk.notifications.templates import TemplateMissing, email_render

CONTEXT = {"ticket_number": "CSP-000042", "subject": "Outlook & <Exchange>", "requester_name": "Анна"}


@pytest.mark.django_db
def test_acknowledgement_is_shipped_in_russian_and_english_with_the_number_in_the_subject():
    subject_ru, body_ru = email_render(code="acknowledgement", language="ru", context=CONTEXT)
    subject_en, body_en = email_render(code="acknowledgement", language="en", context=CONTEXT)
    assert subject_ru == subject_en == "[CSP-000042] Outlook & <Exchange>"  # plain text: nothing escaped
    assert "зарегистрировано под номером CSP-000042" in body_ru
    assert "registered as CSP-000042" in body_en


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_russian():
    assert email_render(code="acknowledgement", language="de", context=CONTEXT) == email_render(
        code="acknowledgement", language="ru", context=CONTEXT
    )


@pytest.mark.django_db
def test_an_administrators_edit_is_what_goes_out():
    EmailTemplate.objects.filter(code="acknowledgement", language="en").update(
        subject="Ticket {{ ticket_number }}"
    )
    assert email_render(code="acknowledgement", language="en", context=CONTEXT)[0] == "Ticket CSP-000042"


@pytest.mark.django_db
def test_a_missing_template_is_an_error_not_an_empty_mail():
    with pytest.raises(TemplateMissing):
        email_render(code="no_such_template", language="ru", context=CONTEXT)
