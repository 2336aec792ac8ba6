"""ApplicationError: a business-rule refusal with a stable code, the field it concerns and a message.

Services raise it; the API turns it into a 4xx JSON body, the console into a form error, the CLI into
a message and a non-zero exit. The code is a stable contract; the message is translated.
"""

from django.utils.functional import Promise


class ApplicationError(Exception):
    status = 400

    def __init__(
        self, code: str, message: str | Promise, *, field: str | None = None, status: int | None = None
    ):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        return {"code": self.code, "field": self.field, "message": str(self.message)}


class NotFound(ApplicationError):
    status = 404


class Forbidden(ApplicationError):
    status = 403


class Conflict(ApplicationError):
    status = 409


class Invalid(ApplicationError):
    status = 422
