"""Words and numbers every export prints: Vietnamese numbers, the period/data/source/filters
stamp, the province's result as a sentence. One place, so every file says the same thing."""

from __future__ import annotations

from pathlib import Path

from core import format as _format
from core.format import MISSING, fmt_compact, fmt_delta, fmt_int, fmt_movement, fmt_num, fmt_pct, fmt_rank  # noqa: F401
from views.meeting import MeetingPack

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
# The app's band palette (Okabe–Ito), as the RRGGBB the Office formats take.
BAND_COLORS = {band: color.lstrip("#") for band, color in _format.BAND_COLORS.items()}
INDEX_SHORT = "Bộ chỉ số 766"
TARGET_STATUS_COLORS = {"chưa đạt": "D55E00", "gần đạt": "E69F00", "đạt": "009E73"}


def exact(value) -> str:
    """A figure as computed, the Vietnamese way, without rounding it to 2 digits: 62,580294 (speaker notes)."""
    return fmt_compact(value, 6)


def date_vn(day) -> str:
    return f"{day:%d/%m/%Y}"


def when_vn(moment) -> str:
    """ "22:49 02/12/2026 (giờ Việt Nam)"."""
    return f"{moment:%H:%M %d/%m/%Y} (giờ Việt Nam)"


def stamp_lines(pack: MeetingPack) -> list[str]:
    """What every page, slide and sheet states: period, data date and source, filters."""
    period = f"Kỳ: {pack.period_label}" + (" (tạm tính: kỳ chưa kết thúc)" if pack.provisional else "")
    data = f"Số liệu đến ngày {date_vn(pack.data_date)}"
    if pack.loaded_at is not None:
        data += f", nạp lúc {pack.loaded_at:%H:%M %d/%m/%Y}"
    return [f"{period} · {data}", f"Nguồn: {pack.source}", f"Lọc: {pack.filters_text}"]


def stamp(pack: MeetingPack) -> str:
    return " · ".join(stamp_lines(pack))


def generated(pack: MeetingPack) -> str:
    return f"Lập lúc {when_vn(pack.generated_at)} từ Bảng điều hành CCHC tỉnh Đắk Lắk"


def rank_text(pack: MeetingPack) -> str:
    if pack.rank is None:
        return "chưa có hạng toàn quốc"
    return f"hạng {pack.rank}/{pack.rank_of} tỉnh, thành phố (bảng xếp hạng {rank_when(pack)})"


def rank_when(pack: MeetingPack) -> str:
    """The ranking's date in a sentence: "ngày 10/10/2026", "tháng 9/2026"."""
    label = pack.rank_label
    return f"ngày {label}" if label[:1].isdigit() else label[:1].lower() + label[1:]


def movement_text(pack: MeetingPack) -> str:
    """The change since the previous period of the same type, in words."""
    if pack.previous is None:
        return "chưa có kỳ trước cùng loại để so sánh"
    parts = []
    if pack.change is not None:
        parts.append(
            "điểm không đổi"
            if pack.change == 0
            else f"{'tăng' if pack.change > 0 else 'giảm'} {fmt_num(abs(pack.change))} điểm"
        )
    if pack.movement is not None:
        parts.append(
            "giữ nguyên hạng"
            if pack.movement == 0
            else f"{'tăng' if pack.movement > 0 else 'giảm'} {abs(pack.movement)} bậc"
        )
    return (", ".join(parts) or "chưa so sánh được") + f" so với {pack.previous.label.lower()}"


def top_text(pack: MeetingPack) -> str:
    if pack.top_threshold is None:
        return f"chưa tính được khoảng cách tới top {pack.top_n}"
    if not pack.points_to_top:
        return (
            f"trong top {pack.top_n} toàn quốc (tỉnh hạng {pack.top_n}: {fmt_num(pack.top_threshold)} điểm; "
            f"hơn {fmt_num((pack.total or 0) - pack.top_threshold)} điểm)"
        )
    return f"còn thiếu {fmt_num(pack.points_to_top)} điểm để vào top {pack.top_n} ({fmt_num(pack.top_threshold)} điểm)"


def province_sentence(pack: MeetingPack) -> str:
    band = f", xếp loại {pack.band}" if pack.band else ""
    return (
        f"{pack.province_name} đạt {fmt_num(pack.total)}/100 điểm{band}, {rank_text(pack)}; "
        f"{movement_text(pack)}. Bình quân {pack.rank_of} tỉnh, thành phố: {fmt_num(pack.national_average)} "
        f"điểm; {top_text(pack)}."
    )


def unit_gap_text(line) -> str:
    return "—" if line.gap is None else fmt_delta(line.gap)


def file_name(kind: str, pack: MeetingPack, ext: str) -> str:
    return f"{kind}-766-{pack.period.key}.{ext}"
