"""The one error body every /api/ answer of 400 or more carries (cspdesk/api/errors.py writes it)."""

from ninja import Field, Schema


class FieldErrorOut(Schema):
    field: str | None = Field(description="The parameter or body field, dotted for nested ones")
    code: str
    message: str = Field(description="In the caller's language (Accept-Language)")


class ErrorDetailOut(Schema):
    code: str = Field(description="Stable: what went wrong, for programs")
    field: str | None = Field(description="The parameter or body field concerned, if any")
    message: str = Field(description="For people, in the caller's language (Accept-Language)")
    errors: list[FieldErrorOut] | None = Field(
        None, description="422 validation errors: every field that is wrong, not only the first"
    )


class ErrorOut(Schema):
    error: ErrorDetailOut
