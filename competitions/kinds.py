"""Competition kinds and the fields an entry of each kind carries.

The entry forms (submissions.forms) are built from ``Competition.entry_field_specs()``: each spec names a field, its
type, its label and, for choices, the options. A competition stores the names of its fields (prefilled from
its kind), so an organizer may drop or add one without a code change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    INVENTION = "invention", _("Invention and model making")
    POSTER = "poster", _("Science poster (class blackboard)")
    PAINTING = "painting", _("Science painting")
    ESSAY = "essay", _("Science essay or observation diary")
    COMPUTER = "computer", _("Computer work")
    SPECIMEN = "specimen", _("Specimen making")
    QUIZ = "quiz", _("Science knowledge quiz")
    RACE = "race", _("Race or flight contest")
    OTHER = "other", pgettext_lazy("competition kind", "Other")


class FieldType(models.TextChoices):
    TEXT = "text", _("Short text")
    TEXTAREA = "textarea", _("Long text")
    CHOICE = "choice", _("Choice")
    BOOLEAN = "boolean", _("Yes or no")


@dataclass(frozen=True)
class EntryFieldSpec:
    name: str
    label: str | Promise
    type: str
    help_text: str | Promise = ""
    choices: tuple[tuple[str, str | Promise], ...] = field(default_factory=tuple)
    required: bool = True


ENTRY_FIELDS: dict[str, EntryFieldSpec] = {
    spec.name: spec
    for spec in [
        EntryFieldSpec(
            "subtype",
            _("Type of work"),
            FieldType.CHOICE,
            choices=(
                ("model", _("Small model or toy (小制作)")),
                ("invention", _("Everyday invention (小发明)")),
                ("design", _("Design only: idea, principle and drawings")),
            ),
        ),
        EntryFieldSpec("made_with_parent", _("Made together with a parent"), FieldType.BOOLEAN, required=False),
        EntryFieldSpec(
            "design_idea",
            _("Design idea and principle"),
            FieldType.TEXTAREA,
            help_text=_("What problem does it solve, and which scientific principle does it use?"),
        ),
        EntryFieldSpec(
            "materials",
            _("Materials"),
            FieldType.TEXT,
            help_text=_("Waste materials are encouraged."),
            required=False,
        ),
        EntryFieldSpec(
            "medium",
            _("Medium"),
            FieldType.CHOICE,
            choices=(
                ("oil", _("Oil painting")),
                ("ink", _("Chinese ink painting")),
                ("gouache", _("Gouache")),
                ("watercolour", _("Watercolour")),
                ("pen", _("Pen drawing")),
                ("crayon", _("Crayon")),
                ("papercut", _("Paper cutting")),
                ("collage", _("Collage")),
                ("computer", _("Computer painting")),
                ("mixed", _("Mixed media")),
            ),
        ),
        EntryFieldSpec(
            "genre",
            _("Genre"),
            FieldType.CHOICE,
            choices=(
                ("essay", _("Science essay")),
                ("diary", _("Observation diary")),
                ("fairy_tale", _("Science fairy tale")),
                ("fantasy", _("Science fantasy")),
            ),
        ),
        EntryFieldSpec("poster_topic", _("Topic of the poster"), FieldType.TEXT),
        EntryFieldSpec(
            "computer_type",
            _("Type of computer work"),
            FieldType.CHOICE,
            choices=(
                ("animation", _("Computer animation")),
                ("webpage", _("Web page")),
                ("e_paper", _("Electronic newspaper")),
                ("painting", _("Computer painting")),
            ),
        ),
        EntryFieldSpec(
            "specimen_type",
            _("Type of specimen"),
            FieldType.CHOICE,
            choices=(("plant", _("Plant specimen")), ("animal", _("Animal specimen")), ("rock", _("Rock or mineral"))),
        ),
        EntryFieldSpec("model_name", _("Name of the car or plane"), FieldType.TEXT, required=False),
    ]
}

KIND_DEFAULT_FIELDS: dict[str, list[str]] = {
    Kind.INVENTION: ["subtype", "made_with_parent", "design_idea", "materials"],
    Kind.POSTER: ["poster_topic"],
    Kind.PAINTING: ["medium"],
    Kind.ESSAY: ["genre"],
    Kind.COMPUTER: ["computer_type"],
    Kind.SPECIMEN: ["specimen_type"],
    Kind.QUIZ: [],
    Kind.RACE: ["model_name"],
    Kind.OTHER: [],
}

# Physical works are handed in to the section head (部主任) and marked as received.
PHYSICAL_KINDS = {Kind.INVENTION, Kind.POSTER, Kind.PAINTING, Kind.SPECIMEN}


def entry_field_choices() -> list[tuple[str, str | Promise]]:
    return [(name, spec.label) for name, spec in ENTRY_FIELDS.items()]
