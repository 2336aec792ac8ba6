"""Middleware of our own. Each takes both modes (``sync_and_async_middleware``): one that took only the
sync mode made Django adapt the chain around it under ASGI, every middleware below it a thread hop each
way (core/handlers.py says which chain runs in which mode)."""

from asgiref.sync import iscoroutinefunction
from django.utils import translation
from django.utils.decorators import sync_and_async_middleware


def _restore(before: str | None) -> None:
    if before is None:
        translation.deactivate_all()
    else:
        translation.activate(before)


@sync_and_async_middleware
def language_restored(get_response):
    """Django's LocaleMiddleware activates the request's language in the serving thread and never gives it
    back: whatever that thread runs next (the next test after a test client's request, a task run in the
    same thread) would speak the last requester's language. This puts the thread's language back after
    the response; it sits before LocaleMiddleware."""
    if iscoroutinefunction(get_response):

        async def async_middleware(request):
            before = translation.get_language()
            try:
                return await get_response(request)
            finally:
                _restore(before)

        return async_middleware

    def middleware(request):
        before = translation.get_language()
        try:
            return get_response(request)
        finally:
            _restore(before)

    return middleware
