"""The Neo4j store: schema first, then batched ``UNWIND … MERGE`` writes; reads in READ mode.

Loading is an upsert keyed on the ids the graph step computed, so loading the same graph
twice changes nothing. A paper that comes again with different content has its claims,
mentions and derived OUTPERFORMS edges replaced (what the new graph no longer has is
deleted); entities left with no relationship at all are removed.

Labels and relationship types in the statements come from ``kg.graph.schema`` (a closed
set, never user input); every value travels as a parameter.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import networkx as nx
from pydantic import BaseModel, SecretStr

from kg.errors import StoreError
from kg.graph.schema import ENTITY_LABELS, Label, Rel

BATCH_SIZE = 1000
FULLTEXT_INDEX = "entity_names"
_ENTITY_LABELS = sorted(label.value for label in ENTITY_LABELS.values())
_PAPER_EDGES = (Rel.MENTIONS.value, Rel.PROPOSES.value, Rel.EVALUATES_ON.value)

SCHEMA_STATEMENTS = [
    *(
        f"CREATE CONSTRAINT {label.value.lower()}_id IF NOT EXISTS "
        f"FOR (n:{label.value}) REQUIRE n.id IS UNIQUE"
        for label in Label
    ),
    "CREATE INDEX claim_kind IF NOT EXISTS FOR (c:Claim) ON (c.kind)",
    "CREATE INDEX claim_paper IF NOT EXISTS FOR (c:Claim) ON (c.paper_id)",
    *(
        f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
        for label in _ENTITY_LABELS
    ),
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
    f"FOR (n:{'|'.join(_ENTITY_LABELS)}) ON EACH [n.name, n.aliases]",
]


class Neo4jSettings(BaseModel):
    """Where and how to connect. Built from NEO4J_* environment variables; arguments override."""

    uri: str
    username: str = "neo4j"
    password: SecretStr
    database: str | None = None

    @classmethod
    def from_env(
        cls,
        uri: str | None = None,
        username: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> Neo4jSettings:
        uri = uri or os.environ.get("NEO4J_URI")
        password = password or os.environ.get("NEO4J_PASSWORD")
        if not uri:
            raise StoreError("no Neo4j URI: set NEO4J_URI (e.g. bolt://127.0.0.1:7687) or pass --uri")
        if not password:
            raise StoreError(f"no password for Neo4j at {uri}: set NEO4J_PASSWORD")
        return cls(
            uri=uri,
            username=username or os.environ.get("NEO4J_USERNAME") or "neo4j",
            password=password,
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )


class LoadReport(BaseModel):
    """What one load did and what the database holds afterwards."""

    nodes_written: int
    relationships_written: int
    deleted: int
    nodes: int
    relationships: int


def _props(attrs: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Neo4j properties: drop None (absent) and our own bookkeeping keys."""
    return {k: v for k, v in attrs.items() if v is not None and k not in skip}


def _batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class Neo4jStore:
    """A connection to one Neo4j database. Use as a context manager.

    Examples:
        >>> with Neo4jStore(Neo4jSettings.from_env()) as store:  # doctest: +SKIP
        ...     store.load(kg.KnowledgeGraph.load("g.json").graph)
    """

    def __init__(self, settings: Neo4jSettings) -> None:
        self.settings = settings
        self._driver = None

    # -- connection -------------------------------------------------------------------

    def __enter__(self) -> Neo4jStore:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> None:
        try:
            import neo4j
            from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable
        except ImportError:
            raise StoreError("the Neo4j driver is not installed: pip install 'kg[neo4j]'") from None
        uri = self.settings.uri
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(self.settings.username, self.settings.password.get_secret_value()),
                connection_timeout=10,
                notifications_min_severity="OFF",
            )
            self._driver.verify_connectivity()
        except AuthError:
            self.close()
            raise StoreError(
                f"Neo4j at {uri} refused the credentials of user {self.settings.username!r}; "
                "check NEO4J_USERNAME / NEO4J_PASSWORD"
            ) from None
        except ServiceUnavailable as error:
            self.close()
            raise StoreError(f"cannot reach Neo4j at {uri}: {error}; is the server running?") from None
        except (ConfigurationError, ValueError) as error:
            self.close()
            raise StoreError(f"bad Neo4j URI {uri!r}: {error}") from None
        except neo4j.exceptions.Neo4jError as error:
            self.close()
            raise StoreError(f"Neo4j at {uri} failed on connect: {error.message}") from None

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    @property
    def driver(self):
        if self._driver is None:
            raise StoreError("the Neo4j store is not connected; use `with Neo4jStore(settings) as store:`")
        return self._driver

    def _session(self, read: bool):
        import neo4j

        return self.driver.session(
            database=self.settings.database,
            default_access_mode=neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS,
        )

    def _run(self, cypher: str, params: dict[str, Any], *, read: bool) -> list[dict]:
        """One statement in a managed transaction (the driver retries transient errors)."""
        import neo4j

        def work(tx) -> list[dict]:
            return [record.data() for record in tx.run(cypher, params)]

        try:
            with self._session(read=read) as session:
                return session.execute_read(work) if read else session.execute_write(work)
        except neo4j.exceptions.Neo4jError as error:
            what = "query" if read else "write"
            raise StoreError(f"Neo4j at {self.settings.uri}: {what} failed: {error.message}") from None
        except neo4j.exceptions.DriverError as error:
            raise StoreError(f"Neo4j at {self.settings.uri}: {error}") from None

    def _write(self, cypher: str, **params: Any) -> list[dict]:
        return self._run(cypher, params, read=False)

    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict]:
        """Run a statement in a READ transaction: the server rejects any write it attempts."""
        return self._run(cypher, params or {}, read=True)

    # -- schema and load --------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Constraints and indexes (idempotent); waits until they are online."""
        for statement in SCHEMA_STATEMENTS:
            self._write(statement)
        self.read("CALL db.awaitIndexes(300)")

    def counts(self) -> tuple[int, int]:
        nodes = self.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
        return nodes, rels

    def clear(self) -> None:
        """Delete every node and relationship (in batches). Used by tests and `kg load --replace`."""
        while self._write("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n")[0]["n"]:
            pass

    def load(self, graph: nx.MultiDiGraph, batch_size: int = BATCH_SIZE) -> LoadReport:
        """Upsert ``graph`` (see module docstring). Returns what was written and the totals."""
        self.ensure_schema()
        deleted = self._replace_changed_papers(graph)
        nodes_written = self._merge_nodes(graph, batch_size)
        rels_written = self._merge_relationships(graph, batch_size)
        deleted += self._delete_orphan_entities()
        self.read("CALL db.awaitIndexes(300)")
        nodes, rels = self.counts()
        return LoadReport(
            nodes_written=nodes_written,
            relationships_written=rels_written,
            deleted=deleted,
            nodes=nodes,
            relationships=rels,
        )

    def _replace_changed_papers(self, graph: nx.MultiDiGraph) -> int:
        """Remove what the stored version of each incoming paper has and the new one lacks."""
        papers = []
        for node, attrs in graph.nodes(data=True):
            if attrs.get("label") != Label.Paper.value:
                continue
            claims, edge_keys = [], []
            for _, target, key, edge in graph.out_edges(node, keys=True, data=True):
                if edge["type"] == Rel.MAKES.value:
                    claims.append(target)
                elif edge["type"] in _PAPER_EDGES:
                    edge_keys.append(f"{target}|{key}")
            papers.append({"id": node, "claims": claims, "edge_keys": edge_keys})
        deleted = 0
        for batch in _batches(papers, BATCH_SIZE):
            deleted += self._write(
                """
                UNWIND $papers AS p
                MATCH (:Paper {id: p.id})-[:MAKES]->(c:Claim)
                WHERE NOT c.id IN p.claims
                DETACH DELETE c
                RETURN count(*) AS n
                """,
                papers=batch,
            )[0]["n"]
            deleted += self._write(
                f"""
                UNWIND $papers AS p
                MATCH (:Paper {{id: p.id}})-[r:{"|".join(_PAPER_EDGES)}]->(e)
                WHERE NOT (e.id + '|' + r.key) IN p.edge_keys
                DELETE r
                RETURN count(*) AS n
                """,
                papers=batch,
            )[0]["n"]
            deleted += self._write(
                """
                UNWIND $papers AS p
                MATCH ()-[r:OUTPERFORMS {paper: p.id}]->()
                WHERE NOT r.claim_id IN p.claims
                DELETE r
                RETURN count(*) AS n
                """,
                papers=batch,
            )[0]["n"]
        return deleted

    def _merge_nodes(self, graph: nx.MultiDiGraph, batch_size: int) -> int:
        by_label: dict[str, list[dict]] = defaultdict(list)
        for node, attrs in graph.nodes(data=True):
            label = Label(attrs["label"]).value  # ValueError on anything outside the schema
            by_label[label].append({"id": node, "props": {**_props(attrs, ("label",)), "id": node}})
        written = 0
        for label, rows in sorted(by_label.items()):
            for batch in _batches(rows, batch_size):
                written += self._write(
                    f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props "
                    "RETURN count(n) AS n",
                    rows=batch,
                )[0]["n"]
        return written

    def _merge_relationships(self, graph: nx.MultiDiGraph, batch_size: int) -> int:
        groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        labels = nx.get_node_attributes(graph, "label")
        for u, v, key, attrs in graph.edges(keys=True, data=True):
            rel = Rel(attrs["type"]).value
            group = (Label(labels[u]).value, rel, Label(labels[v]).value)
            groups[group].append({"u": u, "v": v, "props": {**_props(attrs, ("type",)), "key": key}})
        written = 0
        for (source, rel, target), rows in sorted(groups.items()):
            for batch in _batches(rows, batch_size):
                written += self._write(
                    f"""
                    UNWIND $rows AS row
                    MATCH (a:{source} {{id: row.u}})
                    MATCH (b:{target} {{id: row.v}})
                    MERGE (a)-[r:{rel} {{key: row.props.key}}]->(b)
                    SET r = row.props
                    RETURN count(r) AS n
                    """,
                    rows=batch,
                )[0]["n"]
        return written

    def _delete_orphan_entities(self) -> int:
        return self._write(
            f"""
            MATCH (e:{"|".join(_ENTITY_LABELS)})
            WHERE NOT EXISTS {{ (e)--() }}
            DETACH DELETE e
            RETURN count(*) AS n
            """
        )[0]["n"]
