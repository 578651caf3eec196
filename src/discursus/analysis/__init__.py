"""Corpus-level tables: functions of DataFrames, never of a connection."""

from discursus.analysis.overview import counts_by, documents_over_time, top_entities

__all__ = ["counts_by", "documents_over_time", "top_entities"]
