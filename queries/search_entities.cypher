// name: search_entities
// description: Full-text search of methods, benchmarks, metrics and tasks by name and aliases (index entity_names); every term must prefix-match a word.
// param terms: list -- lowercase word prefixes, all required; kg derives them from free text (--param text="state space")
// param label: string = null -- Method, Benchmark, Metric or Task; null for all
// param limit: int = 25 -- how many rows
// returns: id, label, name, aliases, paper_count
// show: label, name, aliases, paper_count
// order: -paper_count, name, id
WITH reduce(q = '', term IN $terms |
       q + CASE q WHEN '' THEN '' ELSE ' AND ' END + replace(term, ':', '\\:') + '*') AS lucene
WHERE lucene <> ''
CALL db.index.fulltext.queryNodes('entity_names', lucene) YIELD node
WITH node, [label IN labels(node) WHERE label IN ['Method', 'Benchmark', 'Metric', 'Task']][0] AS label
WHERE $label IS NULL OR label = $label
RETURN node.id AS id, label, node.name AS name, node.aliases AS aliases,
       node.paper_count AS paper_count
ORDER BY paper_count DESC, name, id
LIMIT $limit
