// name: benchmarks_of_method
// description: Benchmarks a method was evaluated on: by a paper proposing it, or in a claim naming it; with the papers' ids and titles.
// param method: string -- method name, alias or id (case-insensitive)
// returns: benchmark, benchmark_id, paper_count, papers, titles
// show: benchmark, paper_count, titles
// order: -paper_count, benchmark, benchmark_id
MATCH (m:Method)
WHERE m.id = $method OR toLower(m.name) = toLower($method)
   OR any(alias IN m.aliases WHERE toLower(alias) = toLower($method))
CALL (m) {
  MATCH (p:Paper)-[:PROPOSES]->(m)
  MATCH (p)-[:EVALUATES_ON]->(b:Benchmark)
  RETURN b, p.id AS paper
  UNION
  MATCH (c:Claim)-[:SUBJECT|OBJECT]->(m)
  MATCH (c)-[:ON]->(b:Benchmark)
  RETURN b, c.paper_id AS paper
}
OPTIONAL MATCH (p:Paper {id: paper})
WITH b, collect(DISTINCT paper) AS papers,
     collect(DISTINCT p.title + CASE WHEN p.arxiv_id IS NULL THEN '' ELSE ' (arXiv:' + p.arxiv_id + ')' END) AS titles
RETURN b.name AS benchmark, b.id AS benchmark_id, size(papers) AS paper_count, papers, titles
ORDER BY paper_count DESC, benchmark, benchmark_id
