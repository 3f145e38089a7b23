from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schools.models import Grade, RosterImport, School, SchoolClass, User
from schools.selectors import user_traces
from schools.services import user_remove


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

    # Deleting a person would take their work along (a co-author off a published award, a judge's scores), so
    # the admin's delete deactivates anyone something refers to and deletes only those nothing does.
    def get_deleted_objects(self, objs, request: HttpRequest):
        people = list(objs)
        kept = {user.pk: user_traces(user) for user in people}
        kept = {pk: traces for pk, traces in kept.items() if traces}
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            [user for user in people if user.pk not in kept], request
        )
        notes = [_deactivation_note(user, kept[user.pk]) for user in people if user.pk in kept]
        return notes + deleted, counts, perms_needed, protected

    def log_deletions(self, request: HttpRequest, queryset) -> None:
        super().log_deletions(request, [user for user in queryset if not user_traces(user)])

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        user_remove(user=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        kept = [str(user) for user in queryset if not user_remove(user=user, by=request.user)]
        if kept:
            self.message_user(
                request,
                gettext("Deactivated, not deleted, as their work and history refer to them: %(people)s")
                % {"people": "、".join(kept)},
                messages.WARNING,
            )

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id) -> HttpResponse:
        if not User.objects.filter(pk=obj_id).exists():
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(
            request,
            gettext("%(user)s was deactivated, not deleted, as their work and history refer to them.")
            % {"user": obj_display},
            messages.WARNING,
        )
        return HttpResponseRedirect(reverse("admin:schools_user_changelist"))

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return "、".join(obj.role_labels)


def _deactivation_note(user: User, traces: list[str]) -> str:
    return gettext("%(user)s — will be deactivated, not deleted: %(traces)s refer to them") % {
        "user": user,
        "traces": "、".join(traces),
    }


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "school", "uploaded_by", "created_at", "state", "attempts"]
    list_filter = ["school", "state"]
    search_fields = ["file_name"]
