from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import (
    AgentGroup,
    ApiToken,
    Contact,
    Customer,
    Partner,
    Subscription,
    Tenant,
    TenantDomain,
    User,
)
from cspdesk.accounts.permissions import may_manage_account, may_set_password


class CustomerInline(admin.TabularInline):
    model = Customer
    extra = 0
    fields = ["name", "inn", "is_active"]
    show_change_link = True


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "partner_login", "mpn_id", "email", "phone", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "partner_login", "mpn_id", "inn", "email"]
    inlines = [CustomerInline]


class TenantInline(admin.TabularInline):
    model = Tenant
    extra = 0
    show_change_link = True


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "partner", "inn", "is_active"]
    list_filter = ["is_active", "partner"]
    search_fields = ["name", "inn", "partner__name", "tenants__primary_domain", "tenants__domains__domain"]
    autocomplete_fields = ["partner"]
    inlines = [TenantInline]


class TenantDomainInline(admin.TabularInline):
    model = TenantDomain
    extra = 0


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ["offer_name", "product", "quantity", "status", "start_date", "end_date", "agreement_number"]


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["primary_domain", "tenant_id", "customer"]
    search_fields = ["primary_domain", "tenant_id", "domains__domain", "customer__name"]
    autocomplete_fields = ["customer"]
    inlines = [TenantDomainInline, SubscriptionInline]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["offer_name", "tenant", "product", "quantity", "status", "end_date", "agreement_number"]
    list_filter = ["status", "product"]
    search_fields = ["offer_name", "agreement_number", "external_id", "tenant__primary_domain"]
    autocomplete_fields = ["tenant"]
    date_hierarchy = "end_date"


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    """``origin``: an agent who checked a contact a requester named sets it to "added by an agent", and the
    contact's organisation then stands even where no verified domain backs it."""

    list_display = ["name", "email", "phone", "partner", "customer", "language", "origin"]
    list_filter = ["language", "origin", "partner"]
    search_fields = ["name", "email", "phone", "partner__name", "customer__name"]
    autocomplete_fields = ["partner", "customer"]
    readonly_fields = ["added_by"]


# Who holds which rights: only a superuser sets these. They are read-only (so never in the form, whatever
# is posted) for everyone else. The contact is one of them: it is the organisation a requester's sign-in
# and API tokens see (accounts.permissions.scope_for_user), so moving an account to another contact would
# hand that organisation's tickets to whoever holds the account.
_RIGHTS = ["role", "is_staff", "is_superuser", "groups", "user_permissions", "contact"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Superusers manage every account. A supervisor changes engineers' and requesters' accounts within
    ``accounts.permissions.may_manage_account`` and sets an engineer's password; it never adds or deletes
    an account, and never grants a role, staff or superuser status, groups or permissions."""

    list_display = ["username", "get_full_name", "email", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_superuser", "agent_groups"]
    autocomplete_fields = ["contact"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Desk"), {"fields": ["role", "name_en", "phone_extension", "contact", "language", "time_zone"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        hidden = {"groups", "user_permissions"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return [*readonly, *_RIGHTS, "last_login", "date_joined"]

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        # An account is deactivated, not deleted: history names who did what.
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may_manage_account(request.user, obj)

    def user_change_password(self, request, id, form_url=""):
        account = self.get_object(request, unquote(id))
        if account is not None and not may_set_password(request.user, account):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(AgentGroup)
class AgentGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "email"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `cspdesk issue-token`; here they can be seen and revoked, never read."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        # Revoking is final: a revoked token (an engineer's leaked one, one an administrator revoked) is never
        # brought back by clearing the date; whoever needs access again gets a new token.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "revoked_at"] if obj is not None and obj.revoked_at else readonly

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # A supervisor revokes an engineer's leaked token, not an account it may not change.
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or obj.user_id == request.user.pk or may_manage_account(request.user, obj.user)
