"""Name normalisation shared by evaluation and entity resolution (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ARTICLES = ("the ", "a ", "an ")
_SEPARATORS = re.compile(r"[\s\-_‐‑–—/]+")
_DROP = re.compile(r"[^\w+#.@ ]")
GENERIC_HEADS = frozenset(
    {
        "model",
        "models",
        "method",
        "methods",
        "architecture",
        "architectures",
        "framework",
        "frameworks",
        "approach",
        "approaches",
        "algorithm",
        "algorithms",
        "technique",
        "techniques",
        "system",
        "systems",
        "variant",
        "variants",
        "family",
        "layer",
        "layers",
        "module",
        "modules",
        "network",
        "networks",
        "benchmark",
        "benchmarks",
        "dataset",
        "datasets",
        "metric",
        "score",
        "task",
        "tasks",
    }
)


def singular(word: str) -> str:
    """Crude English singular of one lower-case word.

    Examples:
        >>> [singular(w) for w in ["transformers", "llms", "rnn's", "strategies", "loss", "gaussians"]]
        ['transformer', 'llm', 'rnn', 'strategy', 'loss', 'gaussian']
    """
    if word.endswith("'s"):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 16)
def name_key(text: str, *, drop_generic_head: bool = False) -> str:
    """Comparison key of an entity name: case, hyphens, articles, plural folded.

    Examples:
        >>> name_key("The Transformers")
        'transformer'
        >>> name_key("self-attention") == name_key("Self Attention")
        True
        >>> name_key("the Transformer architecture", drop_generic_head=True)
        'transformer'
        >>> name_key("Mamba-2") != name_key("Mamba")
        True
    """
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    for article in _ARTICLES:
        if folded.startswith(article):
            folded = folded[len(article) :]
    words = _DROP.sub("", _SEPARATORS.sub(" ", folded)).split()
    if drop_generic_head and len(words) > 1 and words[-1] in GENERIC_HEADS:
        words = words[:-1]
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words)
