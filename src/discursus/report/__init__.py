"""The HTML report: one self-contained file that opens offline, and every table it shows in
full as CSV beside it."""

from discursus.report.html import write_report

__all__ = ["write_report"]
