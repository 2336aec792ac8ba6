from typing import Any

from ninja import Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError


class InputSchema(Schema):
    """Base of every request schema: text with NUL characters is refused by name.

    PostgreSQL cannot store NUL, so it must be stopped here with a 422, not reach the database as a 500.
    """

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise PydanticCustomError("nul_character", "NUL characters are not allowed")
        if isinstance(value, list) and any(isinstance(v, str) and "\x00" in v for v in value):
            raise PydanticCustomError("nul_character", "NUL characters are not allowed")
        return value
