"""System checks of the desk's own settings, so that a typo is reported by `cspdesk check` (and at start)
rather than as an error on the first request that reads it."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from cspdesk.core.addresses import networks
from cspdesk.core.contacts import support_phones


@register()
def address_lists_check(app_configs, **kwargs) -> list[Error]:
    errors = []
    for name in ("TRUSTED_PROXIES", "METRICS_ALLOW"):
        try:
            networks(settings.CSPDESK.get(name, []))
        except ValueError as error:
            errors.append(
                Error(
                    f"CSPDESK_{name} holds something that is not an address or a network: {error}",
                    id="cspdesk.E001",
                )
            )
    return errors


@register()
def support_phones_check(app_configs, **kwargs) -> list[Error]:
    try:
        support_phones()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="cspdesk.E010")]
    return []
