"""Papers and where they came from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SourceRef(BaseModel):
    """Where one input record was read: file, record number (1-based) and line."""

    model_config = ConfigDict(frozen=True)

    file: str
    record: int
    line: int | None = None
    format: str


class Paper(BaseModel):
    """One scientific paper: the unit kg reads, extracts from and stores.

    ``text`` (title, blank line, abstract) is what extraction offsets point into.
    """

    id: str
    title: str
    abstract: str
    date: str | None = Field(default=None, description="ISO date (YYYY-MM-DD) when known")
    authors: list[str] = Field(default_factory=list)
    author_count: int | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None
    categories: list[str] = Field(default_factory=list)
    upvotes: int | None = None
    organization: str | None = None
    sources: list[SourceRef] = Field(
        default_factory=list, description="every input record merged into this paper, first first"
    )

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.abstract}"

    @property
    def abstract_offset(self) -> int:
        """Character offset of the abstract inside ``text``."""
        return len(self.title) + 2


class Rejected(BaseModel):
    """An input record (or whole file) that could not be read, with the reason."""

    file: str
    record: int | None = None
    line: int | None = None
    pointer: str | None = Field(default=None, description="JSON pointer of the record or field")
    reason: str
    raw: str | None = Field(default=None, description="the offending input, truncated")


class IngestReport(BaseModel):
    """Accounting of one ingest run: papers + duplicates_merged + rejected == records_read."""

    records_read: int = 0
    papers: int = 0
    duplicates_merged: int = 0
    rejected: int = 0
    by_file: dict[str, int] = Field(default_factory=dict, description="records read per file")
    rejects: list[Rejected] = Field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.papers + self.duplicates_merged + self.rejected == self.records_read
