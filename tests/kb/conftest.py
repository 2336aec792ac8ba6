import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import make_article


@pytest.fixture(autouse=True)
def _default_language_after():
    """Requests made here in English leave English active in the thread; the next tests expect Russian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def internal_article(db):
    return make_article(
        slug="internal-howto",
        title_ru="Сверхрегламент",
        body_ru="Порядок для инженеров.",
        visibility="internal",
    )
