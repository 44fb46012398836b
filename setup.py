"""Package layout only (metadata is in pyproject.toml): every ``kg*`` package, plus the
repository's queries/ and pipelines/ folders shipped as package data under ``kg/``."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["kg", "kg.*"]), "kg.queries", "kg.pipelines"],
    package_dir={"kg.queries": "queries", "kg.pipelines": "pipelines"},
)
