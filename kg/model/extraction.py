"""What extraction produces for one paper, in the schema of the gold guidelines.

Entities are lists of surface forms naming one thing (canonical first, then acronym or
long form). Provenance (offsets, producing rule, confidence) travels alongside.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class EntityKind(str, Enum):
    method = "method"
    benchmark = "benchmark"
    metric = "metric"
    task = "task"


class ClaimKind(str, Enum):
    outperforms = "outperforms"
    comparable = "comparable"
    sota = "sota"
    improves = "improves"


Forms = list[str]
"""Surface forms naming one entity: canonical first, then aliases (acronym / long form)."""


class Mention(BaseModel):
    """One occurrence of an entity in a paper's text (``Paper.text`` offsets)."""

    model_config = ConfigDict(frozen=True)

    kind: EntityKind
    text: str
    forms: Forms = Field(description="the surface forms of the entity this mention belongs to")
    paper_id: str
    sentence: int = Field(description="0-based sentence index in Paper.text")
    start: int
    end: int
    rule: str = Field(description="which rule or model produced it")
    confidence: float = Field(ge=0.0, le=1.0)


class Claim(BaseModel):
    """A result the paper asserts about a method, with its evidence sentence."""

    kind: ClaimKind
    subject: Forms
    object: Forms = Field(default_factory=list)
    object_generic: bool = False
    benchmarks: list[Forms] = Field(default_factory=list)
    metric: Forms | None = None
    value: str | None = None
    evidence: str
    paper_id: str = ""
    sentence: int = 0
    start: int = Field(0, description="evidence start offset in Paper.text")
    end: int = Field(0, description="evidence end offset in Paper.text")
    rule: str = ""
    confidence: float = Field(0.5, ge=0.0, le=1.0)


class PaperExtraction(BaseModel):
    """Everything extracted from one paper: the gold schema plus provenance."""

    id: str
    title: str
    proposed: list[Forms] = Field(default_factory=list)
    methods: list[Forms] = Field(default_factory=list)
    benchmarks: list[Forms] = Field(default_factory=list)
    metrics: list[Forms] = Field(default_factory=list)
    tasks: list[Forms] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)

    def above(self, min_confidence: float) -> PaperExtraction:
        """A copy without the mentions and claims below ``min_confidence``; an entity stays
        while one of its mentions does (entities with no mention at all are kept)."""
        mentions = [m for m in self.mentions if m.confidence >= min_confidence]
        kept = {(m.kind, m.forms[0]) for m in mentions}
        dropped = {(m.kind, m.forms[0]) for m in self.mentions} - kept
        lists = {
            field: [forms for forms in getattr(self, field) if (kind, forms[0]) not in dropped]
            for field, kind in (
                ("methods", EntityKind.method),
                ("benchmarks", EntityKind.benchmark),
                ("metrics", EntityKind.metric),
                ("tasks", EntityKind.task),
            )
        }
        claims = [c for c in self.claims if c.confidence >= min_confidence]
        return self.model_copy(update={"mentions": mentions, "claims": claims, **lists})

    def entities(self, kind: EntityKind) -> list[Forms]:
        return {
            EntityKind.method: self.methods,
            EntityKind.benchmark: self.benchmarks,
            EntityKind.metric: self.metrics,
            EntityKind.task: self.tasks,
        }[kind]
