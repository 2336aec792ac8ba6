import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language_after():
    """Requests made here in English leave English active in the thread; the next tests expect Russian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
