"""Entities resolved across papers: one per real thing."""

from __future__ import annotations

from pydantic import BaseModel, Field

from kg.model.extraction import EntityKind


class Entity(BaseModel):
    """A method, benchmark, metric or task after cross-paper resolution."""

    id: str
    kind: EntityKind
    name: str = Field(description="canonical name: the most frequent full surface form")
    aliases: dict[str, int] = Field(
        default_factory=dict, description="every surface form seen, with its mention count"
    )
    papers: list[str] = Field(default_factory=list, description="ids of papers mentioning it")
