from django.urls import path

from cspdesk.intake.phone import views

urlpatterns = [
    path("<slug:provider>/", views.phone_webhook, name="phone_webhook"),
    path("<slug:provider>/events/<slug:action>", views.phone_webhook, name="phone_webhook_action"),
]
