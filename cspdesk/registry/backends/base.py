from abc import ABC, abstractmethod
from collections.abc import Iterator

from cspdesk.core.errors import ApplicationError


class PartnerCenterError(ApplicationError):
    """Partner Center could not be read to the end; the sync applies nothing."""

    status = 502


class PartnerCenterBackend(ABC):
    """The three Partner Center reads the registry needs, as raw resources of the documented contract
    (../shared/contracts/microsoft-apis.md §1.5-1.7)."""

    def __init__(self, **options):
        self.options = options

    @abstractmethod
    def customers(self) -> Iterator[dict]:
        """Every customer of the partner tenant (``GET /v1/customers``, all pages)."""

    @abstractmethod
    def customer(self, customer_id: str) -> dict:
        """One customer with its custom domains (``GET /v1/customers/{id}``)."""

    @abstractmethod
    def subscriptions(self, customer_id: str) -> Iterator[dict]:
        """A customer's subscriptions (``GET /v1/customers/{id}/subscriptions``, all pages)."""
