from django.contrib import admin

from competitions.models import AwardTier, ClassExtension, Competition, Criterion


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
