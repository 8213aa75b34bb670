"""The editors' admin: search, filters, and inlines so evidence is edited where it is read."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from catalog import corrections
from catalog.data_report import build_report
from catalog.dates import recheck_cutoff
from catalog.scoring import scores as scoring
from catalog.models import (
    CATEGORY_KEYS,
    AIModel,
    Assessment,
    Assistant,
    Campaign,
    CampaignSuggestion,
    Category,
    Correction,
    Criterion,
    Delivery,
    DeprecationEvent,
    OfferedModel,
    PoliticalTie,
    RegulatorAction,
    SearchRecord,
    Source,
    Status,
    Subscription,
    SwitchingFact,
    Vendor,
)


class PublishedNeedsSourceForm(forms.ModelForm):
    """A published record must cite at least one source (principle 1: sourced or absent)."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.PUBLISHED and "sources" in self.fields:
            if not cleaned.get("sources"):
                self.add_error("sources", "A published record needs at least one source.")
        return cleaned


class AssessmentForm(PublishedNeedsSourceForm):
    class Meta:
        model = Assessment
        exclude = ["score"]

    def clean(self):
        cleaned = super().clean()
        criterion, value = cleaned.get("criterion"), cleaned.get("value")
        if criterion and value is not None:
            try:
                criterion.score_for(value)
            except forms.ValidationError as error:
                self.add_error("value", error)
        return cleaned


class AssessmentInline(admin.StackedInline):
    model = Assessment
    form = AssessmentForm
    extra = 0
    fields = ["criterion", "value", "verdict", "confidence", "as_of", "status", "sources", "note"]
    autocomplete_fields = ["criterion", "sources"]
    show_change_link = True


class AssistantInline(admin.TabularInline):
    model = Assistant
    extra = 0
    fields = ["slug", "name", "status", "open_weights"]
    show_change_link = True


class DeprecationInline(admin.TabularInline):
    model = DeprecationEvent
    form = PublishedNeedsSourceForm
    extra = 0
    fields = ["key", "kind", "date", "scope", "surface", "notice_days", "confidence", "status", "sources"]
    autocomplete_fields = ["sources"]
    show_change_link = True


class PoliticalTieInline(admin.TabularInline):
    model = PoliticalTie
    form = PublishedNeedsSourceForm
    extra = 0
    fields = ["key", "person", "recipient", "kind", "amount", "currency", "date", "confidence", "status", "sources"]
    autocomplete_fields = ["sources"]
    show_change_link = True


class UndatedFilter(admin.SimpleListFilter):
    title = "publication date"
    parameter_name = "dated"

    def lookups(self, request, model_admin):
        return [("no", "Undated"), ("yes", "Dated")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(published__isnull=True)
        if self.value() == "yes":
            return queryset.filter(published__isnull=False)
        return queryset


class RecheckFilter(admin.SimpleListFilter):
    """Claims not checked against their sources for CATALOG_RECHECK_MONTHS."""

    title = "check"
    parameter_name = "recheck"

    def lookups(self, request, model_admin):
        return [("due", "Needs a re-check"), ("ok", "Checked recently")]

    def queryset(self, request, queryset):
        from django.db.models import Q

        due = Q(checked__isnull=True) | Q(checked__lt=recheck_cutoff())
        if self.value() == "due":
            return queryset.filter(due)
        if self.value() == "ok":
            return queryset.exclude(due)
        return queryset


class EditorialAdmin(SimpleHistoryAdmin):
    """Published records are never deleted, only marked (a claim retracted, a model or an
    assistant retired): mirrors, releases and the change feed keep their identity, and the
    history stays whole. A record entered by mistake is retracted, not removed."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(EditorialAdmin):
    list_display = ["title", "publisher", "kind", "published", "accessed", "language", "link_status", "link_checked_at"]
    list_filter = ["kind", UndatedFilter, "language", "link_status", "publisher"]
    search_fields = ["key", "title", "publisher", "url", "read_via", "quote"]
    autocomplete_fields = ["repost_of"]
    readonly_fields = ["link_status", "link_final_url", "link_checked_at"]
    prepopulated_fields = {"key": ["title"]}


@admin.register(Vendor)
class VendorAdmin(EditorialAdmin):
    list_display = ["name", "slug", "country", "verified"]
    list_filter = ["country", "verified"]
    search_fields = ["slug", "name", "ownership", "data_storage"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sources", "data_storage_sources"]
    inlines = [AssistantInline, AssessmentInline, PoliticalTieInline]


@admin.register(AIModel)
class AIModelAdmin(EditorialAdmin):
    list_display = ["name", "slug", "vendor", "status", "released", "retired"]
    list_filter = ["status", "vendor"]
    search_fields = ["slug", "name"]
    autocomplete_fields = ["vendor", "successor"]
    inlines = [DeprecationInline]


@admin.register(Assistant)
class AssistantAdmin(EditorialAdmin):
    list_display = [
        "name",
        "vendor",
        "status",
        "open_weights",
        "score_privacy",
        "score_political_ties",
        "score_safety",
        "score_deprecation",
        "score_overall",
        "coverage",
    ]
    list_filter = ["status", "open_weights", "vendor__country", "vendor"]
    search_fields = ["slug", "name", "vendor__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["vendor", "models_used", "sources"]
    readonly_fields = [
        "score_privacy",
        "score_political_ties",
        "score_safety",
        "score_deprecation",
        "score_overall",
        "coverage",
        "scores_updated_at",
        "band_low_overall",
        "band_high_overall",
        "coverage_overall",
        "enough_overall",
    ]
    inlines = [AssessmentInline]
    change_list_template = "admin/catalog/assistant/change_list.html"

    def get_urls(self):
        research = self.admin_site.admin_view(self.research_queue_view)
        return [
            path("research-queue/", research, name="catalog_assistant_research_queue"),
            *super().get_urls(),
        ]

    def research_queue_view(self, request):
        """Every unknown or disputed answer, ordered by how many catalog rankings it could
        change (catalog.scoring.bands.research_queue): what to research first."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        names = {**{key: Category(key).label for key in CATEGORY_KEYS}, "overall": _("Overall")}
        items = [
            (item, [names[name] for name in item.rankings]) for item in scoring.research_queue()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Research queue"),
            "items": items,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/research_queue.html", context)


@admin.register(Criterion)
class CriterionAdmin(EditorialAdmin):
    list_display = ["name", "slug", "category", "value_type", "default_weight", "position"]
    list_filter = ["category", "value_type"]
    search_fields = ["slug", "name", "question"]


@admin.register(Assessment)
class AssessmentAdmin(EditorialAdmin):
    form = AssessmentForm
    list_display = ["criterion", "assistant", "vendor", "value", "score", "confidence", "status", "as_of", "checked"]
    list_filter = ["status", "confidence", RecheckFilter, "criterion__category", "criterion"]
    search_fields = ["verdict", "value", "assistant__name", "vendor__name", "criterion__name"]
    autocomplete_fields = ["assistant", "vendor", "criterion", "sources"]
    list_select_related = ["criterion", "assistant", "vendor"]
    date_hierarchy = "as_of"


@admin.register(DeprecationEvent)
class DeprecationEventAdmin(EditorialAdmin):
    form = PublishedNeedsSourceForm
    list_display = ["model", "kind", "date", "scope", "surface", "notice_days", "confidence", "status"]
    list_filter = ["kind", "scope", "surface", "status", "confidence", "model__vendor", "assistant"]
    search_fields = ["key", "summary", "model__name"]
    autocomplete_fields = ["model", "assistant", "sources"]
    list_select_related = ["model"]
    date_hierarchy = "date"


@admin.register(PoliticalTie)
class PoliticalTieAdmin(EditorialAdmin):
    form = PublishedNeedsSourceForm
    list_display = [
        "vendor", "person", "recipient", "kind", "amount", "currency", "date", "jurisdiction", "confidence", "status",
    ]
    list_filter = ["kind", "status", "confidence", "jurisdiction", "vendor"]
    search_fields = ["key", "person", "recipient", "summary"]
    autocomplete_fields = ["vendor", "sources"]
    list_select_related = ["vendor"]


@admin.register(RegulatorAction)
class RegulatorActionAdmin(EditorialAdmin):
    form = PublishedNeedsSourceForm
    list_display = ["authority", "vendor", "assistant", "kind", "jurisdiction", "date", "confidence", "status"]
    list_filter = ["kind", "status", "confidence", "jurisdiction", "vendor"]
    search_fields = ["key", "authority", "summary", "outcome", "vendor__name", "assistant__name"]
    autocomplete_fields = ["vendor", "assistant", "sources"]
    list_select_related = ["vendor", "assistant"]
    date_hierarchy = "date"


@admin.register(OfferedModel)
class OfferedModelAdmin(EditorialAdmin):
    form = PublishedNeedsSourceForm
    list_display = ["assistant", "model", "maker", "since", "until", "removed_by", "confidence", "status"]
    list_filter = ["status", "confidence", "assistant", "model__vendor"]
    search_fields = ["key", "terms", "model__name", "assistant__name"]
    autocomplete_fields = ["assistant", "model", "removed_by", "sources"]
    list_select_related = ["assistant", "model__vendor", "removed_by__model"]

    @admin.display(description="maker", ordering="model__vendor__name")
    def maker(self, obj):
        return obj.model.vendor


@admin.register(SearchRecord)
class SearchRecordAdmin(EditorialAdmin):
    list_display = ["key", "assistant", "vendor", "criterion", "category", "searched", "outcome"]
    list_filter = ["outcome", "category", "searched", "vendor", "assistant"]
    search_fields = ["key", "note", "criterion__slug", "assistant__name", "vendor__name"]
    autocomplete_fields = ["assistant", "vendor", "criterion"]
    list_select_related = ["assistant", "vendor", "criterion"]


@admin.register(SwitchingFact)
class SwitchingFactAdmin(EditorialAdmin):
    form = PublishedNeedsSourceForm
    list_display = ["key", "assistant", "kind", "plan", "price", "currency", "period", "as_of", "checked", "status"]
    list_filter = ["kind", "status", "confidence", RecheckFilter, "assistant"]
    search_fields = ["key", "summary", "plan", "note", "assistant__name"]
    autocomplete_fields = ["assistant", "from_assistant", "model", "sources"]
    list_select_related = ["assistant"]


class CampaignSuggestionInline(admin.TabularInline):
    model = CampaignSuggestion
    extra = 0
    fields = ["source", "assistants", "note", "position"]
    autocomplete_fields = ["source", "assistants"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "demo", "theme"]
    search_fields = ["slug", "name"]
    autocomplete_fields = ["leave", "alternatives", "sources"]
    inlines = [CampaignSuggestionInline]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["assistant", "criterion", "review", "created_at", "draft_assessment"]
    list_filter = ["review", "assistant"]
    search_fields = ["claim", "source_url", "assistant__name"]
    readonly_fields = ["created_at", "reviewed_by", "reviewed_at", "draft_assessment"]
    actions = ["accept_as_draft", "reject"]

    @admin.action(description="Accept: create a draft assessment from the correction")
    def accept_as_draft(self, request, queryset):
        self._review(request, queryset, lambda c: corrections.accept(c, request.user), "accepted as draft")

    @admin.action(description="Reject")
    def reject(self, request, queryset):
        self._review(request, queryset, lambda c: corrections.reject(c, request.user), "rejected")

    def _review(self, request, queryset, operation, done):
        count = 0
        for correction in queryset:
            try:
                operation(correction)
                count += 1
            except corrections.CorrectionError as error:
                self.message_user(request, str(error), messages.WARNING)
        if count:
            self.message_user(request, f"{count} correction(s) {done}.", messages.SUCCESS)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "channel", "owner", "follows_all", "assistant", "vendor", "confirmed", "active"]
    list_filter = ["channel", "confirmed", "active"]
    search_fields = ["target_url", "email", "owner__username"]
    list_select_related = ["owner", "assistant", "vendor"]
    autocomplete_fields = ["assistant", "vendor"]
    raw_id_fields = ["owner"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: read-only, as it records what was actually sent."""

    list_display = ["event", "subscription", "state", "attempts", "last_status_code", "created_at", "delivered_at"]
    list_filter = ["state", "event"]
    search_fields = ["id", "dedupe_key", "subscription__target_url", "subscription__email"]
    list_select_related = ["subscription"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def data_report_view(request):
    """The data report for editors (the same figures as `manage.py data_report`)."""
    context = {
        **admin.site.each_context(request),
        "title": "Data report",
        "report": build_report(),
    }
    return TemplateResponse(request, "admin/catalog/data_report.html", context)


_admin_urls = admin.site.get_urls


def _urls_with_data_report():
    return [
        path("catalog/data-report/", admin.site.admin_view(data_report_view), name="catalog_data_report"),
        *_admin_urls(),
    ]


admin.site.get_urls = _urls_with_data_report
