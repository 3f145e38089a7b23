from django.contrib import admin

from competitions.models import AwardTier, ClassExtension, Competition, Criterion, Festival, Phase


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class AwardTierInline(admin.TabularInline):
    model = AwardTier
    extra = 0


class ClassExtensionInline(admin.TabularInline):
    model = ClassExtension
    extra = 0
    autocomplete_fields = ["school_class", "granted_by"]


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "festival", "kind", "entry_mode", "class_quota", "submission_closes"]
    list_filter = ["festival__school", "festival", "kind", "entry_mode", "scoring_mode", "blind"]
    search_fields = ["name", "code", "festival__name"]
    list_select_related = ["festival"]
    filter_horizontal = ["eligible_grades"]
    date_hierarchy = "submission_closes"
    inlines = [CriterionInline, AwardTierInline, ClassExtensionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "competition", "max_points", "position"]
    list_filter = ["competition__festival", "competition"]
    search_fields = ["name", "description", "competition__name"]
    list_select_related = ["competition"]


@admin.register(AwardTier)
class AwardTierAdmin(admin.ModelAdmin):
    list_display = ["competition", "level", "amount"]
    list_filter = ["level", "competition__festival"]
    search_fields = ["competition__name"]
    list_select_related = ["competition"]


@admin.register(ClassExtension)
class ClassExtensionAdmin(admin.ModelAdmin):
    list_display = ["competition", "school_class", "closes_at", "reason", "granted_by"]
    list_filter = ["competition__festival", "competition"]
    search_fields = ["competition__name", "reason"]
    list_select_related = ["competition", "school_class__grade", "granted_by"]
    autocomplete_fields = ["school_class", "granted_by"]


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ["kind", "starts_on", "ends_on"]


@admin.register(Festival)
class FestivalAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "year", "theme", "status"]
    list_filter = ["school", "status", "year"]
    search_fields = ["name", "slug", "theme"]
    inlines = [PhaseInline]

    def save_formset(self, request, form, formset, change):
        # A phase's position follows from its kind (宣传动员 first … 总结/公示 last).
        for phase in formset.save(commit=False):
            phase.position = Phase.position_of(phase.kind)
            phase.save()
        for phase in formset.deleted_objects:
            phase.delete()


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["festival", "kind", "starts_on", "ends_on"]
    list_filter = ["kind", "festival__school", "festival"]
    search_fields = ["festival__name"]
    list_select_related = ["festival"]

    def save_model(self, request, obj, form, change):
        obj.position = Phase.position_of(obj.kind)
        super().save_model(request, obj, form, change)
