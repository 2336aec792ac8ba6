import pytest

from tests.factories import make_article


@pytest.fixture
def internal_article(db):
    return make_article(
        slug="internal-howto",
        title_ru="Сверхрегламент",
        body_ru="Порядок для инженеров.",
        visibility="internal",
    )
