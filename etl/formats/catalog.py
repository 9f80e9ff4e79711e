"""The import formats, by kind (the name used by the CLI, templates and `batches.format`)."""

from __future__ import annotations

from etl.formats.base import ImportFormat
from etl.formats.index_results import IndexResults
from etl.formats.indicators766 import IndicatorDetail
from etl.formats.scores766 import NationalRanking, UnitScores
from etl.formats.targets import Targets
from etl.formats.tasks import TaskProgress
from etl.formats.tthc import TthcReport

FORMATS: dict[str, ImportFormat] = {
    f.kind: f
    for f in (
        UnitScores(),
        IndicatorDetail(),
        TthcReport(),
        NationalRanking(),
        IndexResults(),
        TaskProgress(),
        Targets(),
    )
}
