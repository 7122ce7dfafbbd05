"""The price history chart: one step line per competitor listing, our price as a reference.

A step chart is the honest picture of crawled prices: a price holds until the next crawl
sees a new one; it does not slide between two observations.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; never needs a display

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from pricing.fx import FxTable  # noqa: E402
from pricing.history import ProductHistory  # noqa: E402
from pricing.money import money  # noqa: E402

FORMATS = (".png", ".svg", ".pdf")


class UnsupportedChartFormat(ValueError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"chart file {path} must end in {', '.join(FORMATS)}")


def history_chart(history: ProductHistory, path: Path, fx: FxTable | None = None) -> Path:
    """Draw ``history`` to ``path``; prices in other currencies are converted when a rate
    exists, else that listing is left out and the legend says so."""
    if path.suffix.lower() not in FORMATS:
        raise UnsupportedChartFormat(path)
    fx = fx or FxTable([])
    fig, ax = plt.subplots(figsize=(11, 5.5), dpi=110)
    skipped: list[str] = []
    for series in history.series:
        times, prices, flagged_t, flagged_p = [], [], [], []
        for pt in series.points:
            value = fx.convert(pt.price, pt.currency, history.currency, pt.observed_at.date())
            if value is None:
                skipped.append(f"{series.competitor} ({pt.currency}, no rate)")
                break
            if pt.suspicious:
                flagged_t.append(pt.observed_at)
                flagged_p.append(float(value))
            else:
                times.append(pt.observed_at)
                prices.append(float(value))
        else:
            if times:
                (line,) = ax.step(
                    times, prices, where="post", linewidth=1.8, label=series.competitor
                )
                ax.plot(times, prices, "o", markersize=3, color=line.get_color())
            if flagged_t:
                ax.plot(flagged_t, flagged_p, "x", color="red", markersize=8)
    our = money(history.our_price, history.currency)
    ax.axhline(
        float(history.our_price),
        color="black",
        linestyle="--",
        linewidth=1.5,
        label=f"our price {our} {history.currency}",
    )
    if any(pt.suspicious for s in history.series for pt in s.points):
        ax.plot([], [], "x", color="red", label="suspicious (not used)")
    for note in dict.fromkeys(skipped):
        ax.plot([], [], " ", label=f"not shown: {note}")
    ax.set_title(f"Price history: {history.sku} - {history.name}")
    ax.set_ylabel(f"Price ({history.currency})")
    ax.set_xlabel("Observed (UTC)")
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
