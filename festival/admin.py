from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from festival.models import AuditLog, Festival, Grade, Phase, RosterImport, School, SchoolClass, User


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sections", "timezone"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "school", "number"]
    list_filter = ["school"]


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ["__str__", "grade", "head_teacher"]
    list_filter = ["grade__school", "grade__number"]
    search_fields = ["head_teacher__real_name"]
    list_select_related = ["grade", "head_teacher"]
    autocomplete_fields = ["head_teacher"]


@admin.register(User)
class KejijieUserAdmin(UserAdmin):
    list_display = ["username", "real_name", "student_number", "school_class", "role_list", "is_active"]
    list_filter = ["school", "is_student", "is_teacher", "is_judge", "is_organizer", "is_active"]
    search_fields = ["username", "real_name", "student_number"]
    list_select_related = ["school_class__grade"]
    fieldsets = [
        (None, {"fields": ["username", "password", "must_change_password"]}),
        (_("Person"), {"fields": ["real_name", "gender", "birth_date", "email", "school"]}),
        (_("Roles"), {"fields": ["is_student", "is_teacher", "is_judge", "is_organizer"]}),
        (_("Student"), {"fields": ["student_number", "school_class"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "real_name", "school", "password1", "password2"]}),
    ]

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return "、".join(obj.role_labels)


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_name", "object_repr", "action"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "school", "uploaded_by", "created_at"]
    list_filter = ["school"]
    search_fields = ["file_name"]


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
