// name: methods_on_benchmark
// description: Methods evaluated on a benchmark: proposed by a paper that evaluates on it, or named in a claim on it; with the papers' ids and titles.
// param benchmark: string -- benchmark name, alias or id (case-insensitive)
// returns: method, method_id, paper_count, papers, titles
// show: method, paper_count, titles
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
OPTIONAL MATCH (p:Paper {id: paper})
WITH m, collect(DISTINCT paper) AS papers,
     collect(DISTINCT p.title + CASE WHEN p.arxiv_id IS NULL THEN '' ELSE ' (arXiv:' + p.arxiv_id + ')' END) AS titles
RETURN m.name AS method, m.id AS method_id, size(papers) AS paper_count, papers, titles
ORDER BY paper_count DESC, method, method_id
