"""Pydantic v2 contracts shared by every stage. No I/O, no spaCy, no database here."""

from kg.model.entity import Entity
from kg.model.extraction import Claim, ClaimKind, EntityKind, Forms, Mention, PaperExtraction
from kg.model.paper import IngestReport, Paper, Rejected, SourceRef

__all__ = [
    "Claim",
    "ClaimKind",
    "Entity",
    "EntityKind",
    "Forms",
    "IngestReport",
    "Mention",
    "Paper",
    "PaperExtraction",
    "Rejected",
    "SourceRef",
]
