"""Node labels and relationship types: the one source of truth for both stores."""

from __future__ import annotations

from enum import Enum


class Label(str, Enum):
    Paper = "Paper"
    Method = "Method"
    Benchmark = "Benchmark"
    Metric = "Metric"
    Task = "Task"
    Claim = "Claim"


class Rel(str, Enum):
    PROPOSES = "PROPOSES"
    MENTIONS = "MENTIONS"
    EVALUATES_ON = "EVALUATES_ON"
    MAKES = "MAKES"
    SUBJECT = "SUBJECT"
    OBJECT = "OBJECT"
    ON = "ON"
    MEASURED_BY = "MEASURED_BY"
    OUTPERFORMS = "OUTPERFORMS"


ENTITY_LABELS = {
    "method": Label.Method,
    "benchmark": Label.Benchmark,
    "metric": Label.Metric,
    "task": Label.Task,
}
