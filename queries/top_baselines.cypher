// name: top_baselines
// description: The most-used baselines: methods that papers compare against (object of an outperforms or comparable claim), by number of papers.
// param limit: int = 20 -- how many rows
// param min_confidence: float = 0.5 -- drop claims whose confidence is below this
// param include_generic: bool = false -- also claims whose object is a generic phrase ("prior methods")
// returns: method, method_id, paper_count, claim_count
// show: method, paper_count, claim_count
// order: -paper_count, -claim_count, method, method_id
MATCH (c:Claim)-[:OBJECT]->(m:Method)
WHERE c.kind IN ['outperforms', 'comparable'] AND c.confidence >= $min_confidence
  AND ($include_generic OR NOT coalesce(c.object_generic, false))
WITH m, count(DISTINCT c.paper_id) AS paper_count, count(DISTINCT c) AS claim_count
RETURN m.name AS method, m.id AS method_id, paper_count, claim_count
ORDER BY paper_count DESC, claim_count DESC, method, method_id
LIMIT $limit
