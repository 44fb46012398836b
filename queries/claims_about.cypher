// name: claims_about
// description: Every claim about a method (as subject or object), with kind, counterpart, benchmarks, metric, value, the paper (title, arXiv) and the evidence sentence with offsets.
// param method: string -- method name, alias or id (case-insensitive)
// param min_confidence: float = 0.5 -- drop claims whose confidence is below this
// param include_generic: bool = false -- also claims whose object is a generic phrase ("prior methods")
// returns: claim_id, kind, role, subject, object, object_generic, benchmarks, metric, value, paper, title, arxiv_id, url, evidence, start, end, rule, confidence
// show: kind, role, subject, object, benchmarks, value, title, confidence
// order: paper, start, claim_id, role
MATCH (m:Method)
WHERE m.id = $method OR toLower(m.name) = toLower($method)
   OR any(alias IN m.aliases WHERE toLower(alias) = toLower($method))
MATCH (c:Claim)-[role:SUBJECT|OBJECT]->(m)
WHERE c.confidence >= $min_confidence AND ($include_generic OR NOT coalesce(c.object_generic, false))
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Method)
OPTIONAL MATCH (c)-[:OBJECT]->(o:Method)
OPTIONAL MATCH (c)-[:MEASURED_BY]->(metric:Metric)
OPTIONAL MATCH (p:Paper {id: c.paper_id})
CALL (c) {
  OPTIONAL MATCH (c)-[:ON]->(b:Benchmark)
  RETURN collect(b.name) AS benchmarks
}
RETURN DISTINCT c.id AS claim_id, c.kind AS kind, toLower(type(role)) AS role,
       coalesce(s.name, c.subject_text) AS subject, coalesce(o.name, c.object_text) AS object,
       c.object_generic AS object_generic, benchmarks, metric.name AS metric, c.value AS value,
       c.paper_id AS paper, p.title AS title, p.arxiv_id AS arxiv_id,
       CASE WHEN p.arxiv_id IS NULL THEN p.url ELSE 'https://arxiv.org/abs/' + p.arxiv_id END AS url,
       c.evidence AS evidence, c.start AS start, c.end AS end,
       c.rule AS rule, c.confidence AS confidence
ORDER BY paper, start, claim_id, role
