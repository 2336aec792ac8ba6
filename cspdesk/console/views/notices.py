"""The desk's own notices (maintenance, an outage): supervisors and administrators publish them for the
public page and the request form, and take them down; engineers may not (403)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cspdesk.console.access import agent_required
from cspdesk.console.forms.notices import NoticeForm
from cspdesk.core.errors import ApplicationError
from cspdesk.portal.notices import (
    may_publish_notice,
    notice_active_set,
    notice_get,
    notice_publish,
    notices_recent,
)


def supervisor_required(view):
    @agent_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_publish_notice(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@supervisor_required
def notices(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                notice_publish(**form.cleaned_data, actor=request.user)
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                messages.success(request, _("The notice is published."))
                return redirect("console:notices")
        status = 422
    context = {"form": form, "notices": notices_recent()}
    return render(request, "console/notices.html", context, status=status)


@require_POST
@supervisor_required
def notice_active(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = notice_get(notice_id)
    if notice is None:
        raise Http404
    active = request.POST.get("active") == "1"
    notice_active_set(notice=notice, active=active)
    messages.success(request, _("The notice is shown again.") if active else _("The notice is taken down."))
    return redirect("console:notices")
