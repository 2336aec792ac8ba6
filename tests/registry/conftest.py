import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English here; the console's Russian is checked where it is run as a user."""
    with translation.override("en"):
        yield
