"""The Azure Support and Partner Center adapters against the contract double: the same code that would
talk to Microsoft, only the base URL and credentials differ."""

import time

import pytest

from cspdesk.vendor.backends import CaseRequest, VendorApiError
from cspdesk.vendor.backends.azure_support import AzureSupportHttp
from cspdesk.vendor.backends.partner_center import PartnerCenterServiceRequests
from tests.vendor.microsoft_double import MicrosoftDouble

SUB = "9b6a3f0e-52f1-4a4f-8f55-0d5d2c1a7b11"
TICKETS = f"/subscriptions/{SUB}/providers/Microsoft.Support/supportTickets"
REQUEST = CaseRequest(
    title="VM does not start",
    description="Production VM fails to start",
    severity="critical",
    subscription_id=SUB,
    contact_email="engineer@disti.example",
    contact_phone="+7 495 000-00-00",
)


@pytest.fixture
def double():
    with MicrosoftDouble() as double:
        yield double


def _azure(double, **extra):
    options = {key.lower(): value for key, value in double.options(**extra).items()}
    return AzureSupportHttp(**options)


def test_create_polls_the_async_operation_then_reads_the_case_number(double):
    double.polls_before_done = 2
    state = _azure(double).case_open(request=REQUEST, resource_name="cspdesk-1")
    assert (state.case_number, state.status, state.severity) == ("2611270010000001", "open", "critical")
    polls = [r for r in double.requests if "operationsStatus" in r["path"]]
    assert len(polls) == 3  # InProgress, InProgress, Succeeded
    put = next(r for r in double.requests if r["method"] == "PUT")
    assert put["headers"]["Authorization"] == "Bearer vendor-double-token"
    assert double.token_requests == 1


def test_a_failed_operation_names_microsofts_code(double):
    double.operation_outcome = "Failed"
    with pytest.raises(VendorApiError) as failed:
        _azure(double).case_open(request=REQUEST, resource_name="cspdesk-2")
    assert failed.value.code == "azure_operation_failed" and "SupportPlanNotEligible" in str(
        failed.value.message
    )


def test_throttling_waits_retry_after_and_5xx_is_retried(double):
    double.script[("PUT", f"{TICKETS}/cspdesk-3")] = ["throttle", "500"]
    waits = []
    backend = _azure(double)
    backend.http.sleep = waits.append
    state = backend.case_open(request=REQUEST, resource_name="cspdesk-3")
    assert state.case_number == "2611270010000001"
    assert waits[0] == 1.0  # Retry-After: 1


def test_timeouts_and_malformed_json_give_up_with_a_clear_error(double):
    double.script[("GET", f"{TICKETS}/gone")] = ["malformed", "malformed", "malformed"]
    with pytest.raises(VendorApiError) as garbled:
        _azure(double).case_read(case_number="", resource_name="gone", subscription_id=SUB)
    assert garbled.value.code == "vendor_unavailable" and "malformed JSON" in str(garbled.value.message)
    double.script[("GET", f"{TICKETS}/slow")] = ["stall", "stall"]
    started = time.monotonic()
    with pytest.raises(VendorApiError) as slow:
        _azure(double, MAX_ATTEMPTS=2, TIMEOUT_SECONDS=0.3).case_read(
            case_number="", resource_name="slow", subscription_id=SUB
        )
    assert "Timeout" in str(slow.value.message) and time.monotonic() - started < 3


def test_a_refusal_and_missing_configuration_are_errors_not_crashes(double):
    with pytest.raises(VendorApiError) as missing:
        _azure(double).case_read(case_number="", resource_name="nope", subscription_id=SUB)
    assert missing.value.http_status == 404 and missing.value.vendor_code == "ResourceNotFound"
    with pytest.raises(VendorApiError) as unconfigured:
        _azure(double, CLIENT_SECRET="").case_read(case_number="", resource_name="x", subscription_id=SUB)
    assert unconfigured.value.code == "vendor_not_configured"
    with pytest.raises(VendorApiError) as bad_secret:
        _azure(double, CLIENT_SECRET="wrong").case_read(
            case_number="", resource_name="x", subscription_id=SUB
        )
    assert bad_secret.value.code == "vendor_token"
    with pytest.raises(VendorApiError) as unclassified:
        _azure(double, SERVICE_ID="").case_open(request=REQUEST, resource_name="y")
    assert unclassified.value.code == "azure_classification_missing"


def _partner_center(double):
    return PartnerCenterServiceRequests(**{k.lower(): v for k, v in double.options().items()})


def test_partner_center_service_requests_get_list_and_note(double):
    double.service_request(
        "616122292874576",
        status="Attention_Needed",
        severity=2,
        notes=[("Account", "2017-01-09T23:31:15.373", "Sample Note")],
        customer="3b33e682-00c3-41ee-9dd2-a548adf56438",
    )
    backend = _partner_center(double)
    state = backend.case_read(case_number="616122292874576")
    assert (state.status, state.severity) == ("attention_needed", "moderate")
    assert [u.text for u in state.updates] == ["Sample Note"]
    listed = list(backend.service_requests("3b33e682-00c3-41ee-9dd2-a548adf56438"))
    assert [s.case_number for s in listed] == ["616122292874576"]
    updated = backend.note_add(case_number="616122292874576", text="Customer confirmed the fix")
    assert [u.text for u in updated.updates][-1] == "Customer confirmed the fix"
    patch = next(r for r in double.requests if r["method"] == "PATCH")
    assert b'"NewNote"' in patch["body"]
