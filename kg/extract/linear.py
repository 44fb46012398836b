"""Hashed-feature logistic models: what the learned claim and proposed components run.

Features are strings ("prev=over", "kind=sota|pos=before"), hashed into a fixed-width sparse
vector, so a model is just a weight matrix (``.npz``) — no vocabulary, no pickle. Training uses
scikit-learn's ``LogisticRegression`` (``kg.train``); prediction is a sparse dot product.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy
from sklearn.feature_extraction import FeatureHasher

N_FEATURES = 2**18
_HASHER = FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False)


def hash_features(rows: Sequence[Sequence[str]]):
    """Sparse (rows x N_FEATURES) binary matrix of the feature strings."""
    return _HASHER.transform(rows)


class LinearModel:
    """Weights (classes x features) plus intercepts; ``classes`` names the output columns."""

    def __init__(self, classes: list[str], coef: numpy.ndarray, intercept: numpy.ndarray) -> None:
        self.classes = list(classes)
        self.coef = numpy.asarray(coef, dtype="float32")
        self.intercept = numpy.asarray(intercept, dtype="float32")
        # features x classes, contiguous: sparse @ dense then needs no copy of the weights
        self._columns = numpy.ascontiguousarray(self.coef.T)

    def predict_proba(self, rows: Sequence[Sequence[str]]) -> numpy.ndarray:
        """Probabilities (rows x classes): sigmoid for one weight row, softmax for several."""
        if not rows:
            return numpy.zeros((0, len(self.classes)), dtype="float32")
        return self.predict_proba_matrix(hash_features(rows))

    def predict_proba_matrix(self, matrix) -> numpy.ndarray:
        """``predict_proba`` of already hashed rows (hash once, ask several models)."""
        scores = numpy.asarray(matrix @ self._columns) + self.intercept
        if self.coef.shape[0] == 1:  # binary: classes = [negative, positive]
            positive = 1.0 / (1.0 + numpy.exp(-scores[:, 0]))
            return numpy.stack([1.0 - positive, positive], axis=1)
        scores -= scores.max(axis=1, keepdims=True)
        exp = numpy.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    @classmethod
    def fit(cls, rows: Sequence[Sequence[str]], labels: Sequence[str], *, c: float = 1.0) -> LinearModel:
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) < 2:  # tiny training sets: a constant model
            return cls(["0", "1"], numpy.zeros((1, N_FEATURES)), numpy.array([5.0 if "1" in labels else -5.0]))
        solver = "liblinear" if len(set(labels)) == 2 else "lbfgs"
        classifier = LogisticRegression(C=c, max_iter=1000, solver=solver, random_state=0)
        classifier.fit(hash_features(rows), list(labels))
        # keep only the weights that are used: the matrix is mostly zeros
        return cls([str(c) for c in classifier.classes_], classifier.coef_, classifier.intercept_)

    def to_disk(self, path: Path) -> None:
        nonzero = numpy.flatnonzero(numpy.any(self.coef != 0, axis=0))
        numpy.savez_compressed(
            path.with_suffix(".npz"), columns=nonzero.astype("int32"), weights=self.coef[:, nonzero],
            intercept=self.intercept,
        )
        path.with_suffix(".json").write_text(json.dumps({"classes": self.classes}) + "\n", encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> LinearModel:
        classes = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["classes"]
        with numpy.load(path.with_suffix(".npz")) as data:
            coef = numpy.zeros((data["weights"].shape[0], N_FEATURES), dtype="float32")
            coef[:, data["columns"]] = data["weights"]
            return cls(classes, coef, data["intercept"])

    def probability(self, rows: Sequence[Sequence[str]], label: str) -> numpy.ndarray:
        """The probability of ``label`` per row (0 for a label the model never saw)."""
        if label not in self.classes:
            return numpy.zeros(len(rows), dtype="float32")
        return self.predict_proba(rows)[:, self.classes.index(label)]
