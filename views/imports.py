"""The upload page's door to the ETL layer: the page is interactive (check, map names, confirm,
undo), so its "view model" is the ETL's own API, re-exported here so that pages import `views`
and `ui` only and the layer contract holds. Nothing here computes."""

from __future__ import annotations

from core import db  # noqa: F401
from core.labels import format_label  # noqa: F401
from core.periods import parse_period  # noqa: F401
from etl import guard, history, importer, units_admin  # noqa: F401
from etl.batches import loaded_by_other  # noqa: F401
from etl.formats.catalog import FORMATS  # noqa: F401
from etl.problems import count_problems, report_csv, report_frame, report_xlsx  # noqa: F401
from etl.templates import template_for  # noqa: F401
