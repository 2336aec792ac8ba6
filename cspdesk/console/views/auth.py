"""Sign-in and sign-out for agents (Django's auth views; django-axes counts failures and locks out)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

login = auth_views.LoginView.as_view(
    template_name="console/login.html",
    redirect_authenticated_user=True,
    next_page=reverse_lazy("console:queues"),
)
logout = auth_views.LogoutView.as_view(next_page=reverse_lazy("console:login"))
