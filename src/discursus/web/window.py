"""The time window of the workbench's explore pages: two sliders over the years the
documents' dates span, turned into a ``--where`` filter. The whole span (the default) adds
nothing, so the documents without a date stay in."""

from __future__ import annotations

from typing import Any

import pandas as pd


def years_of(documents: pd.DataFrame) -> list[int]:
    """The years the documents' dates span, first to last (for a time window's slider), as
    the ``year`` the filter compares."""
    from discursus.analysis.filters import field_values

    years = field_values(documents, "year").dropna()
    return list(range(int(years.min()), int(years.max()) + 1)) if not years.empty else []


def sliders(years: list[int], start: int | None, end: int | None) -> dict[str, Any] | None:
    """The time window's slider: the years to slide over and those chosen (all by default)."""
    if len(years) < 2:
        return None
    first, last = years[0], years[-1]
    start = first if start is None else min(max(start, first), last)
    end = last if end is None else min(max(end, start), last)
    return {"first": first, "last": last, "start": start, "end": end}


def within_window(where: str, years: list[int], start: int | None, end: int | None) -> str | None:
    """``where`` within the time window; the whole span (the default) adds nothing, so the
    documents without a date stay in."""
    chosen = sliders(years, start, end)
    parts = [f"({where})"] if where.strip() else []
    if chosen and (chosen["start"], chosen["end"]) != (chosen["first"], chosen["last"]):
        parts.append(f"year >= {chosen['start']} and year <= {chosen['end']}")
    return " and ".join(parts) or None
