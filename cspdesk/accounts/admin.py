from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
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
    list_display = ["name", "email", "phone", "partner", "customer", "language"]
    list_filter = ["language", "partner"]
    search_fields = ["name", "email", "phone", "partner__name", "customer__name"]
    autocomplete_fields = ["partner", "customer"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "get_full_name", "email", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_superuser", "agent_groups"]
    autocomplete_fields = ["contact"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Desk"), {"fields": ["role", "name_en", "contact", "language", "time_zone"]}),
    ]


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

    def has_add_permission(self, request) -> bool:
        return False
