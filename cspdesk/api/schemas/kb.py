from datetime import datetime

from ninja import Field, Schema

from cspdesk.api.schemas.base import InputSchema
from cspdesk.api.schemas.types import REQUEST_TYPE, LanguageCode, VisibilityCode
from cspdesk.search.query import MAX_QUERY_LENGTH


class KbSearchIn(InputSchema):
    q: str = Field(min_length=1, max_length=MAX_QUERY_LENGTH, description="Words in Russian or English")
    lang: LanguageCode | None = Field(
        None, description="The preferred version; default: the request's language (Accept-Language)"
    )
    limit: int = Field(10, ge=1, le=50)
    request_type: str | None = Field(
        None, max_length=REQUEST_TYPE, description="Only articles related to this type"
    )


class KbHitOut(Schema):
    id: int
    slug: str
    title: str
    language: LanguageCode
    snippet: str = Field(description="HTML: escaped text with the matched words in <mark>")
    url: str


class KbSearchOut(Schema):
    count: int
    items: list[KbHitOut]


class KbCategoryOut(Schema):
    slug: str
    name: str


class KbVersionOut(Schema):
    language: LanguageCode
    title: str
    body_html: str


class KbAttachmentOut(Schema):
    id: int
    filename: str
    size: int
    url: str


class KbArticleOut(Schema):
    id: int
    slug: str
    visibility: VisibilityCode
    category: KbCategoryOut
    request_types: list[str]
    versions: list[KbVersionOut]
    attachments: list[KbAttachmentOut]
    url: str
    updated_at: datetime
