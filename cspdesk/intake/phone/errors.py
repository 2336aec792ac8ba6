"""The webhooks' refusals, each with its HTTP status (docs/api.md lists the codes)."""

from cspdesk.core.errors import ApplicationError, NotFound


class ChannelOff(NotFound):
    """The provider is not switched on: as if the endpoint did not exist."""


class BadSignature(ApplicationError):
    """Also a stale or replayed timestamp: nothing of the request is stored, one security log line is."""

    status = 401


class Malformed(ApplicationError):
    status = 400


class TooLarge(ApplicationError):
    status = 413


class TooMany(ApplicationError):
    status = 429


class WrongMethod(ApplicationError):
    status = 405


class PbxRefused(ApplicationError):
    """The PBX did not take a command (click-to-call): it answered with an error, or not at all."""

    status = 502
