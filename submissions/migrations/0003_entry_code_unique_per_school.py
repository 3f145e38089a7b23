# The school is required and codes are unique per school; a migration of its own, so that on PostgreSQL the
# table is altered in another transaction than the one that rewrote the codes.

from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ('schools', '0001_initial'),
        ('submissions', '0002_entry_school_codes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='entry',
            name='school',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='schools.school', verbose_name='school'),
        ),
        migrations.RemoveConstraint(
            model_name='entry',
            name='entry_code_unique_per_festival',
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.UniqueConstraint(fields=('school', 'code'), name='entry_code_unique_per_school'),
        ),
    ]
