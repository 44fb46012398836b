// name: dominance_chains
// description: Dominance chains A > B > C over OUTPERFORMS edges (three distinct methods), with the papers (ids and titles) behind each step.
// param method: string = null -- only chains through this method (name, alias or id); null for all
// param min_confidence: float = 0.5 -- drop edges whose claim confidence is below this
// param include_generic: bool = false -- also edges whose loser is a generic phrase ("prior methods")
// returns: a, a_id, b, b_id, c, c_id, papers_ab, papers_bc, titles_ab, titles_bc
// show: a, b, c, titles_ab, titles_bc
// order: a, b, c, a_id, b_id, c_id
MATCH (a:Method)-[r1:OUTPERFORMS]->(b:Method)-[r2:OUTPERFORMS]->(c:Method)
WHERE a <> c
  AND all(r IN [r1, r2] WHERE r.confidence >= $min_confidence
          AND ($include_generic OR NOT coalesce(r.object_generic, false)))
  AND ($method IS NULL OR any(m IN [a, b, c] WHERE m.id = $method OR toLower(m.name) = toLower($method)
        OR any(alias IN m.aliases WHERE toLower(alias) = toLower($method))))
OPTIONAL MATCH (p1:Paper {id: r1.paper})
OPTIONAL MATCH (p2:Paper {id: r2.paper})
WITH a, b, c, collect(DISTINCT r1.paper) AS papers_ab, collect(DISTINCT r2.paper) AS papers_bc,
     collect(DISTINCT p1.title + CASE WHEN p1.arxiv_id IS NULL THEN '' ELSE ' (arXiv:' + p1.arxiv_id + ')' END)
       AS titles_ab,
     collect(DISTINCT p2.title + CASE WHEN p2.arxiv_id IS NULL THEN '' ELSE ' (arXiv:' + p2.arxiv_id + ')' END)
       AS titles_bc
RETURN a.name AS a, a.id AS a_id, b.name AS b, b.id AS b_id, c.name AS c, c.id AS c_id,
       papers_ab, papers_bc, titles_ab, titles_bc
ORDER BY a, b, c, a_id, b_id, c_id
