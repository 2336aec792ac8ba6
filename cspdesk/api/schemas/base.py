from typing import Any

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError

from cspdesk.api.schemas.types import text_storable


class InputSchema(Schema):
    """Base of every request schema.

    A body must be a JSON object: ninja's Schema reads attributes of whatever it is given, so a string, a
    number or null would otherwise pass as an empty change. Text that no database can store (NUL characters,
    lone surrogates) is refused by name, with a 422, instead of failing as a 500 where it is stored or
    echoed."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        raw = data._obj if isinstance(data, DjangoGetter) else data  # ninja's wrapper runs first
        if not isinstance(raw, dict):
            raise PydanticCustomError("dict_type", "Input should be a valid dictionary")
        return data

    @field_validator("*", mode="before")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if isinstance(value, str):
            text_storable(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    text_storable(item)
        return value
