// name: contradictions
// description: Contradictory claims: A beats B in one paper while B beats A in another, with both pieces of evidence and both papers' titles.
// param method: string = null -- only pairs involving this method (name, alias or id); null for all
// param min_confidence: float = 0.5 -- drop edges whose claim confidence is below this
// param include_generic: bool = false -- also edges whose loser is a generic phrase ("prior methods")
// returns: method_a, method_a_id, method_b, method_b_id, paper_a, title_a, arxiv_a, claim_a, evidence_a, paper_b, title_b, arxiv_b, claim_b, evidence_b
// show: method_a, method_b, title_a, arxiv_a, title_b, arxiv_b
// order: method_a, method_b, paper_a, claim_a, paper_b, claim_b
MATCH (a:Method)-[r1:OUTPERFORMS]->(b:Method)-[r2:OUTPERFORMS]->(a)
WHERE a.id < b.id AND r1.paper <> r2.paper
  AND all(r IN [r1, r2] WHERE r.confidence >= $min_confidence
          AND ($include_generic OR NOT coalesce(r.object_generic, false)))
  AND ($method IS NULL OR any(m IN [a, b] WHERE m.id = $method OR toLower(m.name) = toLower($method)
        OR any(alias IN m.aliases WHERE toLower(alias) = toLower($method))))
OPTIONAL MATCH (pa:Paper {id: r1.paper})
OPTIONAL MATCH (pb:Paper {id: r2.paper})
RETURN a.name AS method_a, a.id AS method_a_id, b.name AS method_b, b.id AS method_b_id,
       r1.paper AS paper_a, pa.title AS title_a, pa.arxiv_id AS arxiv_a, r1.claim_id AS claim_a,
       r1.evidence AS evidence_a,
       r2.paper AS paper_b, pb.title AS title_b, pb.arxiv_id AS arxiv_b, r2.claim_id AS claim_b,
       r2.evidence AS evidence_b
ORDER BY method_a, method_b, paper_a, claim_a, paper_b, claim_b
