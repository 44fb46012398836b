from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError, RecordError
from kg.ingest import read_papers
from kg.ingest.hf_daily import read_hf_daily
from kg.ingest.records import validate_all

from .conftest import DATA


def test_real_corpus_gives_one_paper_per_distinct_title(corpus_files):
    result = read_papers(corpus_files)
    report = result.report
    assert 340 <= report.papers <= 380
    assert report.duplicates_merged > 0
    assert report.rejected == 0
    assert report.balanced
    titles = [p.title.casefold() for p in result.papers]
    assert len(titles) == len(set(titles))
    assert not any(t.startswith("subscribe") for t in titles)
    assert all(len(p.abstract) > 200 for p in result.papers)


def test_corpus_metadata_and_stable_ids(corpus_files):
    first = read_papers(corpus_files)
    again = read_papers(list(reversed(corpus_files)))
    assert {p.id for p in first.papers} == {p.id for p in again.papers}
    by_title = {p.title: p for p in first.papers}
    vq = by_title[
        "Neural Discrete Token Representation Learning for Extreme Token Reduction in Video Large Language Models"
    ]
    assert vq.author_count == 2 and vq.date == "2025-03-21"
    assert any(p.organization == "facebook AI at Meta" for p in first.papers)
    merged = [p for p in first.papers if len(p.sources) > 1]
    assert merged and all(len({s.file for s in p.sources}) >= 1 for p in merged)


@pytest.mark.parametrize(
    ("name", "count", "fmt"),
    [
        ("sample.jsonl", 2, "jsonl"),
        ("sample_snapshot.jsonl", 2, "arxiv-snapshot"),
        ("sample_atom.xml", 2, "arxiv-atom"),
        ("sample_openalex.json", 2, "openalex"),
        ("sample.bib", 2, "bibtex"),
        ("sample.csv", 2, "csv"),
    ],
)
def test_each_reader_on_its_sample(name, count, fmt):
    result = read_papers([DATA / name])
    assert len(result.papers) == count
    assert all(p.sources[0].format == fmt for p in result.papers)
    folded = next(p for p in result.papers if "Folded" in p.title or "Tabular" in p.title)
    assert folded.abstract.startswith("We propose") or folded.abstract.startswith("TabPrior")


def test_reader_fields():
    atom = read_papers([DATA / "sample_atom.xml"]).papers[0]
    assert atom.arxiv_id == "2403.01234" and atom.id == "arxiv:2403.01234"
    assert atom.title == "Folded Attention for Long Documents"
    assert atom.authors == ["Ada Ng", "Ben Ortiz"] and atom.doi == "10.1234/folded.2024"
    openalex = read_papers([DATA / "sample_openalex.json"]).papers[0]
    assert openalex.abstract == "We propose Folded Attention, which Folded Attention outperforms Longformer."
    jsonl = read_papers([DATA / "sample.jsonl"]).papers[0]
    assert jsonl.id == "s-1" and jsonl.authors == ["Ada Ng", "Ben Ortiz"]
    bib = read_papers([DATA / "sample.bib"]).papers[0]
    assert bib.title == "Folded Attention for Long Documents" and bib.arxiv_id == "2403.01234"


def test_same_paper_across_sources_is_merged():
    files = [
        DATA / n
        for n in (
            "sample_atom.xml",
            "sample_snapshot.jsonl",
            "sample.bib",
            "sample_openalex.json",
            "sample.csv",
        )
    ]
    result = read_papers(files)
    folded = [p for p in result.papers if p.title == "Folded Attention for Long Documents"]
    assert len(folded) == 1
    assert len(folded[0].sources) == 5
    assert result.report.balanced


def test_semantic_scholar_missing_abstract_is_rejected_with_reason(tmp_path):
    with pytest.raises(
        RecordError, match=r"sample_s2.json: record 2 \(at JSON pointer /1\): missing or empty abstract"
    ):
        read_papers([DATA / "sample_s2.json"])
    result = read_papers([DATA / "sample_s2.json"], on_error="skip")
    assert result.report.papers == 1 and result.report.rejected == 1 and result.report.balanced


def test_malformed_jsonl_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "a", "title": "T", "abstract": "Some abstract text."})
    bad.write_text(good + "\n{not json\n" + json.dumps({"id": "b", "title": "", "abstract": "x"}) + "\n")
    with pytest.raises(RecordError, match=r"bad.jsonl:2: record 2: malformed JSON"):
        read_papers([bad])
    result = read_papers([bad], on_error="skip")
    assert result.report.records_read == 3 and result.report.papers == 1 and result.report.rejected == 2
    assert [r.line for r in result.report.rejects] == [2, 3]
    assert "missing or empty title" in result.report.rejects[1].reason


def test_binary_undecodable_unknown_and_huge(tmp_path):
    binary = tmp_path / "x.jsonl"
    binary.write_bytes(b"\x00\x01\x02garbage")
    with pytest.raises(InputError, match="binary file"):
        read_papers([binary])
    latin = tmp_path / "y.txt"
    latin.write_bytes(b"Title\n\nAbstract caf\xe9 text\n")
    with pytest.raises(InputError, match=r"y.txt:3: undecodable bytes"):
        read_papers([latin])
    unknown = tmp_path / "z.weird"
    unknown.write_text("hello")
    with pytest.raises(InputError, match="unknown format"):
        read_papers([unknown])
    huge = tmp_path / "h.jsonl"
    huge.write_text(json.dumps({"id": "h", "title": "T", "abstract": "word " * 20000}) + "\n")
    with pytest.raises(RecordError, match="more than the limit"):
        read_papers([huge])
    result = read_papers([binary, latin, unknown, huge, DATA / "sample.csv"], on_error="skip")
    assert result.report.rejected == 4 and result.report.papers == 2 and result.report.balanced


_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
_title = st.lists(_words, min_size=2, max_size=8).map(lambda ws: " ".join(ws).capitalize())
_abstract = st.lists(
    st.lists(_words, min_size=8, max_size=20).map(lambda ws: " ".join(ws).capitalize() + "."),
    min_size=3,
    max_size=6,
).map(" ".join)


def _render(papers, layout):
    if layout == "blocks":
        chunks = ["new", "Subscribe", "Daily Papers", "byAK and the research community", "Feb 2"]
        for i, (t, a) in enumerate(papers):
            chunks += [t, a, f"  • {i + 1} authors\n·\nMar {i + 1}, 2024"]
        return "\n\n".join(chunks) + "\n"
    if layout == "lines":
        lines = ["Get trending papers in your email inbox!"]
        for i, (t, a) in enumerate(papers):
            lines += [("Subscribe" + t) if i == 0 else t, a]
        return "\n".join(lines) + "\n"
    return "\n\n".join(f"{t}\n\n{a}" for t, a in papers) + "\n"


@settings(max_examples=60, deadline=None)
@given(
    papers=st.lists(st.tuples(_title, _abstract), min_size=1, max_size=5),
    layout=st.sampled_from(["blocks", "lines", "plain"]),
)
def test_hf_daily_round_trip(papers, layout):
    items = list(validate_all(read_hf_daily("page.txt", _render(papers, layout))))
    assert [(p.title, p.abstract) for p in items] == papers
    if layout == "blocks":
        assert [p.author_count for p in items] == list(range(1, len(papers) + 1))


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=400))
def test_hf_daily_never_crashes_and_accounts_for_everything(text):
    for item in validate_all(read_hf_daily("page.txt", text)):
        assert isinstance(item, RecordError) or (item.title and item.abstract)


def test_orphan_title_is_reported(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(
        "Lonely Title Without Abstract\n\nAnother Title\n\n" + "This abstract is long enough. " * 10 + "\n"
    )
    with pytest.raises(
        RecordError, match=r"p.txt:1: record 1: title 'Lonely Title Without Abstract' has no abstract"
    ):
        read_papers([page])
    result = read_papers([page], on_error="skip")
    assert result.report.papers == 1 and result.report.rejected == 1


def test_gold_inputs_keep_their_ids():
    from .conftest import GOLD

    result = read_papers([GOLD / "dev_papers.jsonl"])
    assert len(result.papers) == 40 and result.papers[0].id == "seed-000"


def test_unknown_format_option(tmp_path):
    with pytest.raises(InputError, match="unknown format 'nope'"):
        read_papers([DATA / "sample.csv"], format="nope")


def test_paths_are_path_or_str():
    assert (
        read_papers([str(DATA / "sample.csv")]).report.papers
        == read_papers([Path(DATA / "sample.csv")]).report.papers
    )


def test_hf_abstract_followed_by_dot_is_read_not_taken_as_organisation():
    """Regression: an abstract directly followed by "·" (no authors/organisation line) was
    taken as the previous paper's organisation, or dropped when first."""
    result = read_papers([DATA / "hostile" / "hf_dot_after_abstract.txt"])
    by_title = {p.title: p for p in result.papers}
    assert sorted(by_title) == ["Fourth paper", "Opening paper", "Second paper", "Third paper"]
    assert by_title["Opening paper"].abstract.startswith("We propose a method")
    assert by_title["Second paper"].organization is None
    assert by_title["Third paper"].abstract.startswith("We propose a system")
    assert by_title["Fourth paper"].organization == "Meta AI"


def test_only_newline_and_crlf_split_jsonl_lines(tmp_path):
    """Regression: str.splitlines split valid JSONL at U+2028/U+2029/U+0085 inside strings."""
    result = read_papers([DATA / "hostile" / "unicode_separators.jsonl"], on_error="fail")
    assert result.report.papers == 2 and result.report.rejected == 0
    assert "second third fourth" in result.papers[0].abstract
    assert result.papers[1].title == "Form feed vt fs"


def test_pdf_gets_a_clear_message():
    with pytest.raises(InputError, match="PDF is not supported; use arXiv/S2/OpenAlex metadata"):
        read_papers([DATA / "hostile" / "paper.pdf"])
