"""学生名单: the students of each class, one sheet per class."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exporters import Column, Sheet, SpreadsheetExporter
from schools.models import User
from schools.selectors import classes_visible_to


class ClassRosterExporter(SpreadsheetExporter):
    identifier = "class_roster"
    verbose_name = gettext_lazy("Class rosters")
    description = gettext_lazy("The students of each class with student number, birth date and login status.")
    permission = "schools.export_class_roster"

    def _classes(self) -> dict:
        if not hasattr(self, "_class_map"):
            self._class_map = {c.pk: c for c in classes_visible_to(self.user).order_by("grade__number", "number")}
        return self._class_map

    def total_rows(self) -> int:
        return sum(c.student_count for c in self._classes().values())

    def sheets(self) -> Iterator[Sheet]:
        classes = self._classes()
        students = (
            User.objects.filter(is_student=True, is_active=True, school_class_id__in=classes.keys())
            .order_by("school_class__grade__number", "school_class__number", "student_number")
            .values_list(
                "school_class_id", "student_number", "real_name", "gender", "birth_date", "must_change_password"
            )
        )
        columns = [
            Column(_("No."), width=6),
            Column(_("Student number"), width=14),
            Column(_("Name"), width=12),
            Column(_("Gender"), width=6),
            Column(_("Birth date"), width=12),
            Column(_("Password changed"), width=12),
        ]
        genders = dict(User.Gender.choices)
        for class_id, rows in groupby(students.iterator(chunk_size=2000), key=lambda r: r[0]):
            school_class = classes[class_id]
            yield Sheet(
                name=school_class.name,
                title=_("%(school)s %(class)s roster") % {"school": self.school.name, "class": school_class.name},
                columns=columns,
                rows=(
                    (n, number, name, str(genders.get(gender, "")), birth, _("yes") if not must else _("no"))
                    for n, (_cid, number, name, gender, birth, must) in enumerate(rows, start=1)
                ),
            )
