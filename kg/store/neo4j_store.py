"""The Neo4j store: schema first, then per-paper transactions; reads in READ mode.

Loading is an upsert keyed on the ids the graph step computed, so loading the same graph
twice changes nothing. A paper that comes again with different content has its claims,
mentions and derived OUTPERFORMS edges replaced (what the new graph no longer has is
deleted); entities left with no relationship at all are removed.

Safety under failure and concurrency:

* the whole graph is validated (``kg.store.load_plan``) before the database is touched;
* each transaction writes whole papers (the paper, its claims, their relationships and the
  entities they point at), so a reader never sees half a paper, even after a crash;
* loads into one database take a lease (a ``KgLoadLease`` node under a uniqueness
  constraint): a second load waits for the first (or fails with "another load is running"),
  so one load's orphan cleanup never meets another's half-written data. A lease whose
  holder died (same host, process gone) or stopped renewing it is taken over; the lease
  node lives only while a load runs, so its presence also tells that a load is running or
  was interrupted, and ``kg load`` run again finishes the job;
* the driver gives up connecting within ``CONNECT_TIMEOUT`` seconds.

Labels and relationship types in the statements come from ``kg.graph.schema`` (a closed
set, never user input); every value travels as a parameter.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import networkx as nx
from pydantic import BaseModel, SecretStr

from kg.errors import StoreError
from kg.graph.schema import ENTITY_LABELS, Label, Rel
from kg.store.load_plan import PaperGroup, batches, plan_load

BATCH_SIZE = 1000
PAPERS_PER_TRANSACTION = 100
FULLTEXT_INDEX = "entity_names"
CONNECT_TIMEOUT = 5.0
"""Seconds to open a connection (TCP + Bolt handshake); failures report within ~10 s."""
LEASE_LABEL = "KgLoadLease"
LEASE_SECONDS = 120
"""A lease not renewed for this long (its holder hung or lost the server) can be taken over."""
DEFAULT_WAIT = 600.0
_ENTITY_LABELS = sorted(label.value for label in ENTITY_LABELS.values())
_PAPER_EDGES = (Rel.MENTIONS.value, Rel.PROPOSES.value, Rel.EVALUATES_ON.value)
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

SCHEMA_STATEMENTS = [
    *(
        f"CREATE CONSTRAINT {label.value.lower()}_id IF NOT EXISTS "
        f"FOR (n:{label.value}) REQUIRE n.id IS UNIQUE"
        for label in Label
    ),
    f"CREATE CONSTRAINT kg_load_lease_id IF NOT EXISTS FOR (l:{LEASE_LABEL}) REQUIRE l.id IS UNIQUE",
    "CREATE INDEX claim_kind IF NOT EXISTS FOR (c:Claim) ON (c.kind)",
    "CREATE INDEX claim_paper IF NOT EXISTS FOR (c:Claim) ON (c.paper_id)",
    "CREATE INDEX outperforms_paper IF NOT EXISTS FOR ()-[r:OUTPERFORMS]-() ON (r.paper)",
    *(
        f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
        for label in _ENTITY_LABELS
    ),
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
    f"FOR (n:{'|'.join(_ENTITY_LABELS)}) ON EACH [n.name, n.aliases]",
]


def safe_uri(uri: str) -> str:
    """The URI without any ``user:password@`` part, for messages.

    Examples:
        >>> safe_uri("bolt://neo4j:s3cret@db.local:7687")
        'bolt://***@db.local:7687'
        >>> safe_uri("bolt://127.0.0.1:7687")
        'bolt://127.0.0.1:7687'
    """
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return uri.rsplit("@", 1)[-1] if "@" in uri else uri
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    return f"{scheme}://{authority}{slash}{path}"


def check_uri(uri: str) -> None:
    """Raise StoreError (one line, no credential echoed) unless ``uri`` is a Bolt/Neo4j URI
    without credentials in it."""
    shown = safe_uri(uri)
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError as error:
        raise StoreError(f"bad Neo4j URI {shown!r}: {error}") from None
    if parts.scheme.lower() not in SCHEMES:
        raise StoreError(
            f"unsupported Neo4j URI scheme {parts.scheme + '://' if parts.scheme else '(none)'} in {shown!r}: "
            "kg talks Bolt; use bolt://HOST:7687 (or neo4j://, bolt+s://, neo4j+s://)"
        )
    if "@" in parts.netloc:
        raise StoreError(
            f"the Neo4j URI {shown!r} carries credentials; they are not used and not shown: "
            "set NEO4J_USERNAME / NEO4J_PASSWORD and give the URI without them"
        )
    if not parts.hostname:
        raise StoreError(f"bad Neo4j URI {shown!r}: no host")


class Neo4jSettings(BaseModel):
    """Where and how to connect. Built from NEO4J_* environment variables; arguments override."""

    uri: str
    username: str = "neo4j"
    password: SecretStr
    database: str | None = None

    @property
    def safe_uri(self) -> str:
        return safe_uri(self.uri)

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
        check_uri(uri)
        if not password:
            raise StoreError(f"no password for Neo4j at {safe_uri(uri)}: set NEO4J_PASSWORD")
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
    transactions: int = 0
    resumed: bool = False
    """True when this load took over the lease of an earlier load that did not finish."""


def _props(attrs: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Neo4j properties: drop None (absent) and our own bookkeeping keys."""
    return {k: v for k, v in attrs.items() if v is not None and k not in skip}


class Lease:
    """This process's hold on the database's load lease (see module docstring)."""

    def __init__(self, store: Neo4jStore, owner: str, resumed: bool) -> None:
        self.store = store
        self.owner = owner
        self.resumed = resumed

    def renew(self) -> None:
        held = self.store._write(
            f"MATCH (l:{LEASE_LABEL} {{id: 'load', owner: $owner}}) "
            "SET l.expires = timestamp() + $ttl RETURN count(l) AS n",
            owner=self.owner,
            ttl=LEASE_SECONDS * 1000,
        )[0]["n"]
        if not held:
            raise StoreError(
                f"Neo4j at {self.store.settings.safe_uri}: this load lost its lease to another load "
                f"(it stalled for more than {LEASE_SECONDS} s); run `kg load` again"
            )

    def abandon(self) -> None:
        """After a failed load: expire the lease so the next load takes over at once."""
        self.store._write(
            f"MATCH (l:{LEASE_LABEL} {{id: 'load', owner: $owner}}) SET l.expires = 0 RETURN count(l) AS n",
            owner=self.owner,
        )

    def release(self) -> None:
        self.store._write(
            f"MATCH (l:{LEASE_LABEL} {{id: 'load', owner: $owner}}) DELETE l RETURN count(*) AS n",
            owner=self.owner,
        )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
        check_uri(self.settings.uri)
        uri = self.settings.safe_uri
        try:
            self._driver = neo4j.GraphDatabase.driver(
                self.settings.uri,
                auth=(self.settings.username, self.settings.password.get_secret_value()),
                connection_timeout=CONNECT_TIMEOUT,
                connection_acquisition_timeout=2 * CONNECT_TIMEOUT,
                max_transaction_retry_time=5.0,  # a dead server fails a load within seconds
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
            raise StoreError(
                f"cannot reach Neo4j at {uri}: {_first_line(error)}; is the server running?"
            ) from None
        except (ConfigurationError, ValueError) as error:
            self.close()
            raise StoreError(f"bad Neo4j URI {uri!r}: {_first_line(error)}") from None
        except neo4j.exceptions.Neo4jError as error:
            self.close()
            raise StoreError(f"Neo4j at {uri} failed on connect: {error.message}") from None
        except (neo4j.exceptions.DriverError, OSError) as error:
            self.close()
            raise StoreError(f"cannot reach Neo4j at {uri}: {_first_line(error)}") from None

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

    def _transaction(self, work: Callable[[Any], Any], *, read: bool) -> Any:
        """``work(tx)`` in one managed transaction (the driver retries transient errors)."""
        import neo4j

        try:
            with self._session(read=read) as session:
                return session.execute_read(work) if read else session.execute_write(work)
        except neo4j.exceptions.Neo4jError as error:
            what = "query" if read else "write"
            raise StoreError(f"Neo4j at {self.settings.safe_uri}: {what} failed: {error.message}") from None
        except neo4j.exceptions.DriverError as error:
            raise StoreError(f"Neo4j at {self.settings.safe_uri}: {_first_line(error)}") from None

    def _run(self, cypher: str, params: dict[str, Any], *, read: bool) -> list[dict]:
        """One statement in a managed transaction."""
        return self._transaction(lambda tx: [record.data() for record in tx.run(cypher, params)], read=read)

    def _write(self, cypher: str, **params: Any) -> list[dict]:
        return self._run(cypher, params, read=False)

    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict]:
        """Run a statement in a READ transaction: the server rejects any write it attempts."""
        return self._run(cypher, params or {}, read=True)

    # -- schema and load --------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Constraints and indexes (idempotent, also when two loads start at once); waits
        until they are online."""
        for statement in SCHEMA_STATEMENTS:
            for attempt in range(5):
                try:
                    self._write(statement)
                    break
                except StoreError:
                    if attempt == 4:
                        raise
                    time.sleep(0.2 * (attempt + 1))  # a concurrent load created it meanwhile
        self.read("CALL db.awaitIndexes(300)")

    def counts(self) -> tuple[int, int]:
        nodes = self.read(f"MATCH (n) WHERE NOT n:{LEASE_LABEL} RETURN count(n) AS n")[0]["n"]
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
        return nodes, rels

    def clear(self) -> None:
        """Delete every node and relationship (in batches), including a lease left by a
        crashed load. Used by tests; `kg load --replace` uses ``load(replace=True)``."""
        self._clear(keep_lease=False)

    def _clear(self, keep_lease: bool) -> None:
        where = f"WHERE NOT n:{LEASE_LABEL} " if keep_lease else ""
        while self._write(f"MATCH (n) {where}WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n")[0][
            "n"
        ]:
            pass

    def load_in_progress(self) -> dict | None:
        """The lease of a load that is running or was interrupted (owner, started), or None."""
        rows = self.read(
            f"MATCH (l:{LEASE_LABEL} {{id: 'load'}}) RETURN l.owner AS owner, l.host AS host, "
            "l.pid AS pid, l.started AS started, l.expires AS expires, timestamp() AS now"
        )
        return rows[0] if rows else None

    def _try_lease(self, owner: str) -> tuple[bool, dict]:
        """Take the lease if it is free, expired or held by a dead process on this host."""
        host, pid = socket.gethostname(), os.getpid()

        def work(tx) -> tuple[bool, dict]:
            # MERGE under the uniqueness constraint, then a write to the node: from here this
            # transaction holds the lease node's lock, so the check and the take are atomic
            row = tx.run(
                f"MERGE (l:{LEASE_LABEL} {{id: 'load'}}) SET l.touched = timestamp() "
                "RETURN l.owner AS owner, l.host AS host, l.pid AS pid, l.started AS started, "
                "l.expires AS expires, timestamp() AS now",
                {},
            ).single()
            holder = row.data()
            free = (
                holder["owner"] is None
                or holder["owner"] == owner
                or (holder["expires"] or 0) < holder["now"]
                or (holder["host"] == host and holder["pid"] is not None and not _pid_alive(holder["pid"]))
            )
            if free:
                tx.run(
                    f"MATCH (l:{LEASE_LABEL} {{id: 'load'}}) SET l.owner = $owner, l.host = $host, "
                    "l.pid = $pid, l.started = timestamp(), l.expires = timestamp() + $ttl",
                    {"owner": owner, "host": host, "pid": pid, "ttl": LEASE_SECONDS * 1000},
                ).consume()
            return free, holder

        return self._transaction(work, read=False)

    @contextlib.contextmanager
    def lease(
        self, wait: float = DEFAULT_WAIT, on_wait: Callable[[str], None] | None = None
    ) -> Iterator[Lease]:
        """Hold the database's load lease for the block; waits up to ``wait`` seconds for a
        running load to finish, then fails with "another load is running"."""
        owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        deadline = time.monotonic() + wait
        told = False
        while True:
            taken, holder = self._try_lease(owner)
            if taken:
                break
            who = (
                f"pid {holder['pid']} on {holder['host']}, started "
                f"{max(0, (holder['now'] - (holder['started'] or holder['now'])) // 1000)} s ago"
            )
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"another load into Neo4j at {self.settings.safe_uri} is running ({who}); "
                    "try again when it has finished (or pass a longer --wait)"
                )
            if on_wait and not told:
                on_wait(f"waiting for another load into {self.settings.safe_uri} to finish ({who})")
                told = True
            time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
        resumed = holder["owner"] is not None and holder["owner"] != owner
        held = Lease(self, owner, resumed)
        try:
            yield held
        except BaseException:
            # keep the lease node (it records an unfinished load) but free it at once
            with contextlib.suppress(StoreError):
                held.abandon()
            raise
        with contextlib.suppress(StoreError):
            held.release()

    def load(
        self,
        graph: nx.MultiDiGraph,
        batch_size: int = BATCH_SIZE,
        *,
        replace: bool = False,
        wait: float = DEFAULT_WAIT,
        on_wait: Callable[[str], None] | None = None,
        papers_per_transaction: int = PAPERS_PER_TRANSACTION,
        on_transaction: Callable[[int, int], None] | None = None,
    ) -> LoadReport:
        """Upsert ``graph`` (see module docstring). Returns what was written and the totals.

        ``replace`` empties the database first (inside the lease). ``on_transaction(done,
        total)`` is called after each committed transaction.
        """
        plan = plan_load(graph, papers_per_transaction)  # raises before any write
        self.ensure_schema()
        deleted = nodes_written = rels_written = 0
        with self.lease(wait, on_wait) as lease:
            if replace:
                self._clear(keep_lease=True)
            for done, group in enumerate(plan.groups, start=1):
                removed, nodes, rels = self._transaction(
                    lambda tx, group=group: _write_group(tx, group, batch_size), read=False
                )
                deleted, nodes_written, rels_written = (
                    deleted + removed,
                    nodes_written + nodes,
                    rels_written + rels,
                )
                lease.renew()
                if on_transaction:
                    on_transaction(done, len(plan.groups))
            deleted += self._delete_orphan_entities()
            resumed = lease.resumed
        self.read("CALL db.awaitIndexes(300)")
        nodes, rels = self.counts()
        return LoadReport(
            nodes_written=nodes_written,
            relationships_written=rels_written,
            deleted=deleted,
            nodes=nodes,
            relationships=rels,
            transactions=len(plan.groups),
            resumed=resumed,
        )

    def _delete_orphan_entities(self) -> int:
        return self._write(
            f"""
            MATCH (e:{"|".join(_ENTITY_LABELS)})
            WHERE NOT EXISTS {{ (e)--() }}
            DETACH DELETE e
            RETURN count(*) AS n
            """
        )[0]["n"]


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _count(tx, cypher: str, **params: Any) -> int:
    record = tx.run(cypher, params).single()
    return record["n"] if record else 0


def _write_group(tx, group: PaperGroup, batch_size: int) -> tuple[int, int, int]:
    """One transaction: remove what the stored versions of these papers have and the new
    ones lack, then merge their nodes and relationships."""
    deleted = 0
    if group.papers:
        deleted += _count(
            tx,
            """
            UNWIND $papers AS p
            MATCH (:Paper {id: p.id})-[:MAKES]->(c:Claim)
            WHERE NOT c.id IN p.claims
            DETACH DELETE c
            RETURN count(*) AS n
            """,
            papers=group.papers,
        )
        deleted += _count(
            tx,
            f"""
            UNWIND $papers AS p
            MATCH (:Paper {{id: p.id}})-[r:{"|".join(_PAPER_EDGES)}]->(e)
            WHERE NOT (e.id + '|' + r.key) IN p.edge_keys
            DELETE r
            RETURN count(*) AS n
            """,
            papers=group.papers,
        )
        deleted += _count(
            tx,
            """
            UNWIND $papers AS p
            MATCH ()-[r:OUTPERFORMS {paper: p.id}]->()
            WHERE NOT r.claim_id IN p.claims
            DELETE r
            RETURN count(*) AS n
            """,
            papers=group.papers,
        )
    nodes = rels = 0
    for label, rows in sorted(group.nodes.items()):
        for batch in batches(rows, batch_size):
            nodes += _count(
                tx,
                f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props RETURN count(n) AS n",
                rows=batch,
            )
    for (source, rel, target), rows in sorted(group.rels.items()):
        for batch in batches(rows, batch_size):
            rels += _count(
                tx,
                f"""
                UNWIND $rows AS row
                MATCH (a:{source} {{id: row.u}})
                MATCH (b:{target} {{id: row.v}})
                MERGE (a)-[r:{rel} {{key: row.props.key}}]->(b)
                SET r = row.props
                RETURN count(r) AS n
                """,
                rows=batch,
            )
    return deleted, nodes, rels
