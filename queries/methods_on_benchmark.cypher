// name: methods_on_benchmark
// description: Methods evaluated on a benchmark: proposed by a paper that evaluates on it, or named in a claim on it.
// param benchmark: string -- benchmark name, alias or id (case-insensitive)
// returns: method, method_id, paper_count, papers
// order: -paper_count, method, method_id
MATCH (b:Benchmark)
WHERE b.id = $benchmark OR toLower(b.name) = toLower($benchmark)
   OR any(alias IN b.aliases WHERE toLower(alias) = toLower($benchmark))
CALL (b) {
  MATCH (p:Paper)-[:EVALUATES_ON]->(b)
  MATCH (p)-[:PROPOSES]->(m:Method)
  RETURN m, p.id AS paper
  UNION
  MATCH (c:Claim)-[:ON]->(b)
  MATCH (c)-[:SUBJECT|OBJECT]->(m:Method)
  RETURN m, c.paper_id AS paper
}
WITH m, collect(DISTINCT paper) AS papers
RETURN m.name AS method, m.id AS method_id, size(papers) AS paper_count, papers
ORDER BY paper_count DESC, method, method_id
