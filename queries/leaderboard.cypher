// name: leaderboard
// description: A benchmark's leaderboard: each method in a claim on it, with wins and losses (outperforms claims), all claims, the values it reported and the papers (ids and titles).
// param benchmark: string -- benchmark name, alias or id (case-insensitive)
// param metric: string = null -- only claims measured by this metric (name, alias or id)
// param min_confidence: float = 0.5 -- drop claims whose confidence is below this
// param include_generic: bool = false -- also claims whose object is a generic phrase ("prior methods")
// returns: method, method_id, wins, losses, claims, values, papers, titles
// show: method, wins, losses, claims, values, titles
// order: -wins, losses, method, method_id
MATCH (b:Benchmark)
WHERE b.id = $benchmark OR toLower(b.name) = toLower($benchmark)
   OR any(alias IN b.aliases WHERE toLower(alias) = toLower($benchmark))
MATCH (c:Claim)-[:ON]->(b)
WHERE c.confidence >= $min_confidence AND ($include_generic OR NOT coalesce(c.object_generic, false))
  AND ($metric IS NULL OR EXISTS {
        MATCH (c)-[:MEASURED_BY]->(m:Metric)
        WHERE m.id = $metric OR toLower(m.name) = toLower($metric)
           OR any(alias IN m.aliases WHERE toLower(alias) = toLower($metric)) })
MATCH (c)-[role:SUBJECT|OBJECT]->(method:Method)
OPTIONAL MATCH (p:Paper {id: c.paper_id})
WITH method, c, type(role) AS role,
     p.title + CASE WHEN p.arxiv_id IS NULL THEN '' ELSE ' (arXiv:' + p.arxiv_id + ')' END AS cite
RETURN method.name AS method, method.id AS method_id,
       count(DISTINCT CASE WHEN role = 'SUBJECT' AND c.kind = 'outperforms' THEN c.id END) AS wins,
       count(DISTINCT CASE WHEN role = 'OBJECT' AND c.kind = 'outperforms' THEN c.id END) AS losses,
       count(DISTINCT c.id) AS claims,
       collect(DISTINCT CASE WHEN role = 'SUBJECT' THEN c.value END) AS values,
       collect(DISTINCT c.paper_id) AS papers, collect(DISTINCT cite) AS titles
ORDER BY wins DESC, losses, method, method_id
