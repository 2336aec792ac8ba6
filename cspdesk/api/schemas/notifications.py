from datetime import datetime

from ninja import Schema
from pydantic import Field, model_validator

from cspdesk.api.schemas.base import InputSchema
from cspdesk.api.schemas.types import Id, PageSize
from cspdesk.notifications.models import NoticeKind


class NotificationFilters(Schema):
    unread: bool = Field(False, description="Only the unread ones")
    cursor: str | None = Field(None, max_length=200)
    limit: PageSize = 50


class NotificationOut(Schema):
    id: int
    kind: NoticeKind
    kind_label: str
    ticket: str = Field(description="The ticket's number")
    summary: str
    actor: str | None = Field(None, description="The agent whose action it was (login); none for the desk")
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None
    unread: int


class NotificationsReadIn(InputSchema):
    ids: list[Id] | None = Field(None, max_length=500, description="These notifications of yours")
    all: bool = Field(False, description="All your notifications")

    @model_validator(mode="after")
    def _one_of(self):
        if (self.ids is None) == (not self.all):
            raise ValueError("give either ids or all=true")
        return self


class NotificationsReadOut(Schema):
    marked: int = Field(description="How many of your notifications were unread and are now read")
    unread: int
