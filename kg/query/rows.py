"""Typed rows of the canned queries: one pydantic model per query, same for both backends.

List-valued columns are sorted on construction, so rows from Neo4j (``collect`` order is
unspecified) and from networkx compare equal.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator


class Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _sorted_lists(cls, value: object) -> object:
        return sorted(value) if isinstance(value, list) else value


class BeatsRow(Row):
    """One "winner outperforms loser" edge with its source (``beats``, ``beaten_by``)."""

    winner: str
    winner_id: str
    loser: str
    loser_id: str
    paper: str
    title: str | None
    arxiv_id: str | None
    url: str | None
    benchmark: str | None
    metric: str | None
    value: str | None
    confidence: float | None
    evidence: str
    claim_id: str


class LeaderboardRow(Row):
    method: str
    method_id: str
    wins: int
    losses: int
    claims: int
    values: list[str]
    papers: list[str]
    titles: list[str]


class MethodOnBenchmarkRow(Row):
    method: str
    method_id: str
    paper_count: int
    papers: list[str]
    titles: list[str]


class BenchmarkOfMethodRow(Row):
    benchmark: str
    benchmark_id: str
    paper_count: int
    papers: list[str]
    titles: list[str]


class BaselineRow(Row):
    method: str
    method_id: str
    paper_count: int
    claim_count: int


class MethodForTaskRow(Row):
    task: str
    task_id: str
    method: str
    method_id: str
    paper_count: int
    papers: list[str]
    titles: list[str]


class ContradictionRow(Row):
    method_a: str
    method_a_id: str
    method_b: str
    method_b_id: str
    paper_a: str
    title_a: str | None
    arxiv_a: str | None
    claim_a: str
    evidence_a: str
    paper_b: str
    title_b: str | None
    arxiv_b: str | None
    claim_b: str
    evidence_b: str


class ChainRow(Row):
    a: str
    a_id: str
    b: str
    b_id: str
    c: str
    c_id: str
    papers_ab: list[str]
    papers_bc: list[str]
    titles_ab: list[str]
    titles_bc: list[str]


class ClaimRow(Row):
    claim_id: str
    kind: str
    role: str
    subject: str
    object: str | None
    object_generic: bool
    benchmarks: list[str]
    metric: str | None
    value: str | None
    paper: str
    title: str | None
    arxiv_id: str | None
    url: str | None
    evidence: str
    start: int
    end: int
    rule: str
    confidence: float


class EntityRow(Row):
    id: str
    label: str
    name: str
    aliases: list[str]
    paper_count: int


ROW_MODELS: dict[str, type[Row]] = {
    "beats": BeatsRow,
    "beaten_by": BeatsRow,
    "leaderboard": LeaderboardRow,
    "methods_on_benchmark": MethodOnBenchmarkRow,
    "benchmarks_of_method": BenchmarkOfMethodRow,
    "top_baselines": BaselineRow,
    "methods_for_task": MethodForTaskRow,
    "contradictions": ContradictionRow,
    "dominance_chains": ChainRow,
    "claims_about": ClaimRow,
    "search_entities": EntityRow,
}
