"""The manual route: the engineer opens the case in Microsoft's portal and types the number in."""

from cspdesk.vendor.backends.base import VendorBackend


class ManualBackend(VendorBackend):
    def portal_link(self, *, tenant: str, subscription_id: str = "") -> str:
        template = self.options.get("portal_url", "")
        return template.format(tenant=tenant or "", subscription=subscription_id or "")
