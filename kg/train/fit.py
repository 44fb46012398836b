"""Fitting the learned components' logistic models from ``Examples``."""

from __future__ import annotations

from kg.extract.claim_features import KINDS
from kg.extract.learned import ClaimModel, ProposedModel
from kg.extract.linear import LinearModel
from kg.train.examples import Examples


def fit_proposed(examples: Examples, component: ProposedModel, *, c: float = 0.5) -> None:
    component.model = LinearModel.fit(examples.proposed_rows, examples.proposed_labels, c=c)


def fit_claims(examples: Examples, component: ClaimModel, *, c: float = 0.5) -> None:
    component.kind_models = {
        kind: LinearModel.fit(
            examples.sentence_rows, ["1" if kind in kinds else "0" for kinds in examples.sentence_kinds], c=c
        )
        for kind in KINDS
    }
    component.role_model = LinearModel.fit(examples.role_rows, examples.role_labels, c=c)
