"""Editing the knowledge base: every save goes through the services (a revision and the index with it);
revisions are read-only and can be restored."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cspdesk.core.errors import ApplicationError
from cspdesk.kb import services
from cspdesk.kb.models import Article, ArticleAttachment, ArticleRevision, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_ru", "name_en", "position"]


class ArticleForm(forms.ModelForm):
    comment = forms.CharField(label=_("What changed"), required=False, max_length=300)

    class Meta:
        model = Article
        fields = [
            "slug", "category", "visibility", "position", "request_types",
            "title_ru", "body_ru", "title_en", "body_en",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        probe = Article(**{f: cleaned.get(f, "") for f in ("title_ru", "body_ru", "title_en", "body_en")})
        try:
            services.article_validate(probe)
        except ApplicationError as error:
            raise ValidationError({error.field: str(error.message)}) from None
        return cleaned


class AttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    extra = 1
    fields = ["file", "filename", "size"]
    readonly_fields = ["filename", "size"]


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    fields = ["number", "created_at", "author", "comment"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["slug", "title_ru", "category", "visibility", "updated_at"]
    list_filter = ["visibility", "category"]
    search_fields = ["slug", "title_ru", "title_en"]
    filter_horizontal = ["request_types"]
    fieldsets = [
        (None, {"fields": ["slug", "category", "visibility", "position", "request_types"]}),
        (_("Russian"), {"fields": ["title_ru", "body_ru"]}),
        (_("English"), {"fields": ["title_en", "body_en"]}),
        (_("Revision"), {"fields": ["comment"]}),
    ]
    inlines = [AttachmentInline, RevisionInline]

    def save_model(self, request, obj, form, change):
        services.article_save(
            article=obj,
            actor=request.user,
            request_types=list(form.cleaned_data.get("request_types") or []),
            comment=form.cleaned_data.get("comment", ""),
        )

    def save_related(self, request, form, formsets, change):
        # The request types went with the revision in save_model; attachments go through the services;
        # revisions are never edited here. save(commit=False) only collects what changed (for the log).
        for formset in formsets:
            new = formset.save(commit=False)
            if formset.model is not ArticleAttachment:
                continue
            for attachment in formset.deleted_objects:
                services.attachment_delete(attachment=attachment)
            formset.new_objects = [
                services.attachment_add(article=form.instance, upload=attachment.file)
                for attachment in new
                if not attachment.pk
            ]
            formset.changed_objects = []

    def delete_model(self, request, obj):
        services.article_delete(article=obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(article=article)


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    list_display = ["article", "number", "created_at", "author", "comment"]
    list_filter = ["article"]
    actions = ["restore"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_restore_permission(self, request) -> bool:
        # Restoring a revision changes the article: whoever may edit articles may restore them.
        return request.user.has_perm("kb.change_article")

    @admin.action(description=_("Restore the selected revision"), permissions=["restore"])
    def restore(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one revision to restore."), messages.ERROR)
            return
        revision = queryset.get()
        services.article_restore(revision=revision, actor=request.user)
        self.message_user(
            request,
            ngettext("Restored revision %(number)s.", "Restored revision %(number)s.", 1)
            % {"number": revision.number},
        )
