"""The bundled sample: the real portal capture of 10/10/2026, loaded as one batch."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pandas as pd

from etl.batches import BatchMeta, insert_batch
from etl.formats import portal_capture

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples" / "portal766"
CAPTURE_DAY = "2026-10-10"
SAMPLE_LABEL = "Dữ liệu mẫu: Cổng Dịch vụ công quốc gia, 10/10/2026"
SAMPLE_FORMAT = "portal766_capture"


def sample_files(folder: Path = SAMPLES) -> list[Path]:
    return [
        folder / f"provinces-{CAPTURE_DAY}.json",
        folder / f"units-{CAPTURE_DAY}.csv",
        folder / f"metrics-{CAPTURE_DAY}.csv",
    ]


def load_samples(con: duckdb.DuckDBPyConnection, user: str = "hệ thống") -> int | None:
    """Load the capture once (even an undone sample is not loaded again); return the batch id."""
    files = sample_files()
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()
    if con.execute("SELECT 1 FROM batches WHERE sha256 = ?", [digest]).fetchone():
        return None
    unit_of_code = dict(con.execute("SELECT portal_code, unit_id FROM units WHERE portal_code IS NOT NULL").fetchall())
    period, national = portal_capture.national_ranking(files[0])
    frames = [
        national,
        portal_capture.unit_scores(files[1], period, unit_of_code),
        portal_capture.indicator_details(files[2], period, unit_of_code),
    ]
    # The home province's own group scores come from the national file; its
    # indicator rows come from the metrics file: both are kept.
    observations = pd.concat(frames, ignore_index=True)
    meta = BatchMeta(
        format=SAMPLE_FORMAT,
        loaded_by=user,
        file_name="data/samples/portal766",
        sha256=digest,
        archive_path=str(SAMPLES.relative_to(ROOT)),
        period_type=period.type,
        period_key=period.key,
        source_label=SAMPLE_LABEL,
        note="Bảng xếp hạng 34 tỉnh, điểm các đơn vị và chi tiết chỉ tiêu",
    )
    return insert_batch(con, meta, observations=observations)
