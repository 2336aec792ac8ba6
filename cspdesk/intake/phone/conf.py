"""The phone channel's settings (``CSPDESK["PHONE"]``) and its adapters, chosen there by dotted path."""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cspdesk.intake.error_codes import PhoneErrorCode
from cspdesk.intake.phone.adapters.base import PhoneAdapter
from cspdesk.intake.phone.errors import ChannelOff


def phone_conf(name: str):
    return settings.CSPDESK["PHONE"][name]


def adapter_for(provider: str) -> PhoneAdapter:
    """The provider's adapter, if it is switched on (``CSPDESK_PHONE_BACKENDS``) and configured."""
    options = phone_conf("BACKENDS").get(provider)
    if options is None or provider not in phone_conf("ENABLED"):
        raise ChannelOff(PhoneErrorCode.PHONE_CHANNEL_OFF, _("This PBX is not switched on at this desk."))
    adapter = import_string(options["BACKEND"])(options)
    if not adapter.enabled:
        raise ChannelOff(
            PhoneErrorCode.PHONE_CHANNEL_OFF, _("This PBX has no credentials configured at this desk.")
        )
    return adapter
