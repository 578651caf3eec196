"""The HTML report: one self-contained file that opens offline."""

from discursus.report.html import write_report

__all__ = ["write_report"]
