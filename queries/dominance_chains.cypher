// name: dominance_chains
// description: Dominance chains A > B > C over OUTPERFORMS edges (three distinct methods), with the papers behind each step.
// param method: string = null -- only chains through this method (name, alias or id); null for all
// returns: a, a_id, b, b_id, c, c_id, papers_ab, papers_bc
// order: a, b, c, a_id, b_id, c_id
MATCH (a:Method)-[r1:OUTPERFORMS]->(b:Method)-[r2:OUTPERFORMS]->(c:Method)
WHERE a <> c
  AND ($method IS NULL OR any(m IN [a, b, c] WHERE m.id = $method OR toLower(m.name) = toLower($method)
        OR any(alias IN m.aliases WHERE toLower(alias) = toLower($method))))
WITH a, b, c, collect(DISTINCT r1.paper) AS papers_ab, collect(DISTINCT r2.paper) AS papers_bc
RETURN a.name AS a, a.id AS a_id, b.name AS b, b.id AS b_id, c.name AS c, c.id AS c_id,
       papers_ab, papers_bc
ORDER BY a, b, c, a_id, b_id, c_id
