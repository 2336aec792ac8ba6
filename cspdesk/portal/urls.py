from django.urls import path

from cspdesk.portal.views import actions, incidents, request, sign_in, tickets

app_name = "portal"

urlpatterns = [
    path("request/", request.request_form, name="request"),
    path("request/incidents", incidents.incident_offer, name="incident_offer"),
    path("request/sent/", request.request_sent, name="request_sent"),
    path("request/confirm/<str:token>/", request.request_confirm, name="request_confirm"),
    path("portal/", tickets.ticket_list, name="tickets"),
    path("portal/sign-in/", sign_in.sign_in, name="sign_in"),
    path("portal/sign-in/link/", sign_in.sign_in_link, name="sign_in_link"),
    path("portal/sign-in/password/", sign_in.sign_in_password, name="sign_in_password"),
    path("portal/sign-out/", sign_in.sign_out, name="sign_out"),
    path("portal/password/", tickets.password, name="password"),
    path("portal/tickets/<str:ref>/", tickets.ticket_page, name="ticket"),
    path("portal/tickets/<str:ref>/reply", actions.reply, name="reply"),
    path("portal/tickets/<str:ref>/estimate", actions.estimate, name="estimate"),
    path("portal/tickets/<str:ref>/escalate", actions.escalate, name="escalate"),
    path("portal/tickets/<str:ref>/close", actions.close, name="close"),
    path("portal/attachments/<int:attachment_id>/", tickets.attachment, name="attachment"),
]
