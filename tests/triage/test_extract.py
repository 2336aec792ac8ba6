"""Facts from the text of a request, without a database."""

from hypothesis import given
from hypothesis import strategies as st

from cspdesk.triage.extract import checklist_values, facts_extract

TEXT = """Добрый день! Просим подключить 10 лицензий Microsoft 365 E3 на тенант Romashka.onmicrosoft.com
(Tenant ID: B7FCA8D9-6FE5-5CE9-80F9-D9D5DD217214). Логин партнера: oblaka-01. Клиент принял приглашение.
Пользователи ivanov@romashka.ru, petrov@romashka.ru. Номер соглашения CB-0001-01.
Заявка Microsoft 2611270040001234. Контакт: +7 495 123-45-67."""


def test_tenant_partner_agreement_upns_and_case_number_are_found():
    facts = facts_extract(TEXT, ignore_addresses=frozenset({"me@romashka.ru"}))
    assert facts.tenant_domains == ["romashka.onmicrosoft.com"]
    assert facts.tenant_ids == ["b7fca8d9-6fe5-5ce9-80f9-d9d5dd217214"]
    assert facts.partner_logins == ["oblaka-01"]
    assert facts.agreement_numbers == ["CB-0001-01"]
    assert facts.user_principal_names == ["ivanov@romashka.ru", "petrov@romashka.ru"]
    assert facts.case_numbers == ["2611270040001234"]
    assert facts.licence_count.startswith("10 лиценз")
    assert facts.customer_authorised


def test_the_sender_s_own_address_is_not_a_user_to_act_on():
    facts = facts_extract(
        "Пишу с ivanov@romashka.ru про petrov@romashka.ru", ignore_addresses=frozenset({"ivanov@romashka.ru"})
    )
    assert facts.user_principal_names == ["petrov@romashka.ru"]


def test_english_text_fills_the_checklist_values():
    values = checklist_values(
        facts_extract(
            "Please bind admin@contoso.example as Owner of Azure subscription "
            "0f8fad5b-d9cb-469f-a165-70867728950e on tenant contosolabs.onmicrosoft.com; "
            "partner login: nw-sales. Exchange Online is down for all users."
        )
    )
    assert values["tenant_domain"] == "contosolabs.onmicrosoft.com"
    assert values["azure_subscription_id"] == "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert values["admin_account"] == "admin@contoso.example"
    assert values["partner_login"] == "nw-sales"
    assert "Exchange Online" in values["affected_service"]
    assert values["affected_users"].lower().startswith("all users")


def test_two_tenant_domains_are_source_and_target_of_a_migration():
    values = checklist_values(
        facts_extract("Миграция с old.onmicrosoft.com на new.onmicrosoft.com, 50 ящиков")
    )
    assert (values["source_tenant_domain"], values["target_tenant_domain"]) == (
        "old.onmicrosoft.com",
        "new.onmicrosoft.com",
    )
    assert values["mailbox_count"].startswith("50")


@given(st.text(max_size=400))
def test_any_text_gives_facts_without_failing(text):
    facts = facts_extract(text)
    assert isinstance(checklist_values(facts), dict)
