import pytest

from cspdesk.accounts.models import ApiToken
from cspdesk.accounts.services import api_token_authenticate, api_token_issue
from cspdesk.core import clock
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db


def test_token_is_stored_only_as_a_hash():
    agent = AgentFactory()
    key = api_token_issue(user=agent, name="1C integration")
    token = ApiToken.objects.get(user=agent)
    assert key not in {token.key_hash, token.prefix}
    assert key.startswith(token.prefix)
    assert api_token_authenticate(key=key) == agent


def test_revoked_token_or_inactive_user_is_refused():
    agent = AgentFactory()
    key = api_token_issue(user=agent)
    ApiToken.objects.update(revoked_at=clock.now())
    assert api_token_authenticate(key=key) is None
    ApiToken.objects.update(revoked_at=None)
    agent.is_active = False
    agent.save()
    assert api_token_authenticate(key=key) is None
