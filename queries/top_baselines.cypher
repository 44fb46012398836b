// name: top_baselines
// description: The most-used baselines: methods that papers compare against (object of an outperforms or comparable claim), by number of papers.
// param limit: int = 20 -- how many rows
// returns: method, method_id, paper_count, claim_count
// order: -paper_count, -claim_count, method, method_id
MATCH (c:Claim)-[:OBJECT]->(m:Method)
WHERE c.kind IN ['outperforms', 'comparable']
WITH m, count(DISTINCT c.paper_id) AS paper_count, count(DISTINCT c) AS claim_count
RETURN m.name AS method, m.id AS method_id, paper_count, claim_count
ORDER BY paper_count DESC, claim_count DESC, method, method_id
LIMIT $limit
