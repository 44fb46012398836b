"""Stores: where a built graph lives. The networkx file store is the default; Neo4j is optional."""
