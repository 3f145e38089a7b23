"""Factories of the exports app: an export row in any state, without building its file."""

from __future__ import annotations

import factory

from exports.models import Export
from tests.factories.schools import OrganizerFactory, SchoolFactory


class ExportFactory(factory.django.DjangoModelFactory):
    """A class roster queued by an organizer of the school (``state="running", progress=40`` for one under way;
    a ``done`` export needs its file, so build that one through ``exports.services``)."""

    class Meta:
        model = Export

    kind = "class_roster"
    school = factory.SubFactory(SchoolFactory)
    requested_by = factory.SubFactory(OrganizerFactory, school=factory.SelfAttribute("..school"))
    state = Export.State.QUEUED
