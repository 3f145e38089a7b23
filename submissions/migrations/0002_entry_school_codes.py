"""Entry codes become unique per school: the entry carries its festival's school, and every code gets the
festival's year in front (HH-0001 → 2026-HH-0001).

Two festivals of one school in the same year may both have had an HH competition: the later one's numbers go on
after the earlier one's (its HH-0001 becomes 2026-HH-0013 after twelve), so no two entries share a code.
"""

from django.db import migrations, models
import django.db.models.deletion


def codes_with_year(apps, schema_editor):
    Entry = apps.get_model("submissions", "Entry")
    entries = Entry.objects.select_related("festival", "competition").order_by(
        "festival__school_id", "festival__year", "festival_id", "competition__position", "competition_id", "-number"
    )
    highest = {}  # (school, year-code prefix) → the highest number given under it so far
    by_competition = {}
    for entry in entries:
        by_competition.setdefault(entry.competition_id, []).append(entry)
    for rows in by_competition.values():  # in the order above: earlier festivals keep their numbers
        festival, competition = rows[0].festival, rows[0].competition
        key = (festival.school_id, f"{festival.year}-{competition.code}-")
        offset = highest.get(key, 0)
        for entry in rows:  # highest number first, so a shifted number never meets one not yet shifted
            entry.school_id = festival.school_id
            entry.number += offset
            entry.code = f"{key[1]}{entry.number:04d}"
            entry.save(update_fields=["school", "number", "code"])
        highest[key] = max(highest.get(key, 0), max(e.number for e in rows))


def codes_without_year(apps, schema_editor):
    Entry = apps.get_model("submissions", "Entry")
    for entry in Entry.objects.select_related("competition").order_by("competition_id", "number"):
        entry.code = f"{entry.competition.code}-{entry.number:04d}"
        entry.save(update_fields=["code"])


class Migration(migrations.Migration):

    dependencies = [
        ('schools', '0001_initial'),
        ('submissions', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='entry',
            name='school',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='schools.school', verbose_name='school'),
        ),
        migrations.RunPython(codes_with_year, codes_without_year),
    ]
