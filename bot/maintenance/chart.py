"""The /stats chart: optional, lazily imported, Chinese when the server has a CJK font.

matplotlib (with numpy, pillow and fontTools, about half of a full venv) is only needed for this one
picture, so it is an optional extra: ``pip install -e '.[charts]'``. Without it `render_png` returns
None and /stats sends the same figures as text only (`bot.maintenance.misses.stats_text`). It is
imported on the first chart, never by the matcher or at start-up.

* Labels are Chinese when a font with Chinese glyphs is installed (Debian/Ubuntu:
  ``apt install fonts-noto-cjk``, or the smaller ``fonts-wqy-microhei``), found by scanning the
  system's font folders (`find_cjk_font`; matplotlib's own font cache does not notice fonts
  installed after it was built) and checked to really hold the glyphs; English otherwise, so no
  label is ever drawn as empty boxes.
* Up to 60 days the bars are days; past that, weeks (Monday to Sunday, the first and last may be
  partial), so a 180-day chart has 26 readable bars instead of a smear. At most 16 dates are written
  under the axis whatever the period.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.maintenance.store import DayStat

log = logging.getLogger(__name__)

WEEKLY_AFTER_DAYS = 60
MAX_DATE_LABELS = 16
_GLYPH_PROBE = "问题已回答每天周"
# Files of common CJK fonts (lower case, matched against the file name), best first.
CJK_FONT_FILES = (
    "notosanscjksc-regular", "notosanscjk-regular", "notosanssc-regular", "sourcehansanssc-regular",
    "sourcehansans-regular", "wqy-microhei", "wqy-zenhei", "droidsansfallbackfull", "droidsansfallback",
    "notoserifcjk-regular", "uming", "ukai", "simhei", "msyh", "pingfang",
)
LABELS = {
    "zh": {"asked": "提问", "answered": "已回答", "share": "回答率 %", "per_day": "每天提问数",
           "per_week": "每周提问数", "title": "{first} 至 {last}：共 {total} 个问题，回答率 {pct}",
           "weekly": "（按周）", "empty": "没有数据"},
    "en": {"asked": "questions", "answered": "answered", "share": "% answered", "per_day": "questions per day",
           "per_week": "questions per week", "title": "{first} to {last}: {total} questions, {pct} answered",
           "weekly": " (weekly)", "empty": "no data"},
}


@dataclass(frozen=True)
class Bar:
    """One bar: a day, or a week from `start` (`days` days of the period)."""

    start: dt.date
    days: int
    asked: int
    answered: int

    @property
    def share_answered(self) -> float:
        return self.answered / self.asked if self.asked else 0.0


def bars(days: Sequence[DayStat], weekly_after: int = WEEKLY_AFTER_DAYS) -> list[Bar]:
    """Daily bars, or weekly ones (weeks start on Monday) when the period is longer than `weekly_after` days."""
    if len(days) <= weekly_after:
        return [Bar(d.day, 1, d.asked, d.answered) for d in days]
    out: list[Bar] = []
    for d in days:
        if out and d.day.weekday() != 0:
            last = out[-1]
            out[-1] = Bar(last.start, last.days + 1, last.asked + d.asked, last.answered + d.answered)
        else:
            out.append(Bar(d.day, 1, d.asked, d.answered))
    return out


def charts_available() -> bool:
    """True when matplotlib is installed (the `charts` extra)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _has_glyphs(path: str) -> bool:
    try:
        from matplotlib.ft2font import FT2Font

        font = FT2Font(path)
        return all(font.get_char_index(ord(ch)) for ch in _GLYPH_PROBE)
    except Exception:  # an unreadable or unsupported font file
        return False


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """The path of an installed font that draws Chinese, or None. Needs matplotlib; cached per process."""
    try:
        from matplotlib import font_manager
    except ImportError:
        return None
    files = font_manager.findSystemFonts(fontext="ttf") + font_manager.findSystemFonts(fontext="otf")
    ranked = []
    for path in files:
        name = os.path.basename(path).lower()
        for rank, pattern in enumerate(CJK_FONT_FILES):
            if name.startswith(pattern):
                ranked.append((rank, path))
                break
    for _rank, path in sorted(ranked):
        if _has_glyphs(path):
            return path
    return None


def _date_label(day: dt.date) -> str:
    return f"{day:%m-%d}"


def render_png(days: Sequence[DayStat], font_path: str | None | bool = True) -> bytes | None:
    """PNG bytes of the chart, or None when matplotlib is not installed.

    `font_path`: True finds a CJK font (`find_cjk_font`); a path uses that font (Chinese labels);
    None or False draws English labels with matplotlib's default font."""
    if not charts_available():
        return None
    fig = figure(days, font_path)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def figure(days: Sequence[DayStat], font_path: str | None | bool = True):
    """The matplotlib Figure of `render_png` (needs matplotlib)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    if font_path is True:
        font_path = find_cjk_font()
    font = FontProperties(fname=font_path) if font_path else None
    text = LABELS["zh" if font else "en"]
    kw = {"fontproperties": font} if font else {}
    title_kw = {"fontproperties": FontProperties(fname=font_path, size="large")} if font_path else {}

    data = bars(days)
    weekly = any(b.days > 1 for b in data)
    fig = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    x = list(range(len(data)))
    width = 0.8
    ax.bar(x, [b.asked for b in data], width, color="#9ecae1", label=text["asked"])
    ax.bar(x, [b.answered for b in data], width, color="#3182bd", label=text["answered"])
    ax.set_ylabel(text["per_week" if weekly else "per_day"], **kw)
    step = max(1, -(-len(data) // MAX_DATE_LABELS))  # ceil: at most MAX_DATE_LABELS dates
    ticks = x[::step]
    ax.set_xticks(ticks)
    ax.set_xticklabels([_date_label(data[i].start) for i in ticks], rotation=45, ha="right", fontsize=8)
    ax.set_xlim(-0.6, len(data) - 0.4)
    ax.set_ylim(0, max([b.asked for b in data] + [1]) * 1.3)  # room for the legend above the bars
    ax.yaxis.get_major_locator().set_params(integer=True)
    share = ax.twinx()
    share.plot(x, [100 * b.share_answered if b.asked else float("nan") for b in data],
               color="#e6550d", marker="o" if len(data) <= 31 else None, label=text["share"])
    share.set_ylim(0, 130)  # 100% stays below the legend, as the bars do
    share.set_yticks([0, 20, 40, 60, 80, 100])
    share.set_ylabel(text["share"], **kw)
    handles = ax.get_legend_handles_labels()[0] + share.get_legend_handles_labels()[0]
    legend_kw = {"prop": FontProperties(fname=font_path, size=8)} if font_path else {"fontsize": 8}
    ax.legend(handles, [h.get_label() for h in handles], loc="upper left", ncols=3, **legend_kw)
    total = sum(b.asked for b in data)
    answered = sum(b.answered for b in data)
    pct = f"{100 * answered / total:.0f}%" if total else "-"
    if days:
        title = text["title"].format(first=f"{days[0].day:%Y-%m-%d}", last=f"{days[-1].day:%Y-%m-%d}",
                                     total=total, pct=pct) + (text["weekly"] if weekly else "")
    else:
        title = text["empty"]
    ax.set_title(title, **title_kw)
    fig.tight_layout()
    return fig
