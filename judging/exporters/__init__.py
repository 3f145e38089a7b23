"""Every exporter, by identifier. Later issues add the award lists, score details and certificates."""

from judging.exporters.awards import AwardListExporter, CollectiveAwardsExporter, RecommendedListExporter
from judging.exporters.base import BaseExporter
from judging.exporters.certificates import CertificatesExporter
from judging.exporters.entries import EntryRosterExporter, ScoreDetailsExporter
from judging.exporters.people import ClassRosterExporter

EXPORTERS: dict[str, type[BaseExporter]] = {
    cls.identifier: cls
    for cls in [
        ClassRosterExporter,
        AwardListExporter,
        CollectiveAwardsExporter,
        ScoreDetailsExporter,
        EntryRosterExporter,
        RecommendedListExporter,
        CertificatesExporter,
    ]
}
