// name: beaten_by
// description: What beats a given method: every OUTPERFORMS edge into it, with paper (title, arXiv) and evidence.
// param method: string -- method name, alias or id (case-insensitive)
// param min_confidence: float = 0.5 -- drop edges whose claim confidence is below this
// param include_generic: bool = false -- also edges whose loser is a generic phrase ("prior methods")
// returns: winner, winner_id, loser, loser_id, paper, title, arxiv_id, url, benchmark, metric, value, confidence, evidence, claim_id
// show: winner, loser, benchmark, metric, value, title, arxiv_id
// order: winner, loser, paper, claim_id
MATCH (w:Method)-[r:OUTPERFORMS]->(l:Method)
WHERE (l.id = $method OR toLower(l.name) = toLower($method)
       OR any(alias IN l.aliases WHERE toLower(alias) = toLower($method)))
  AND r.confidence >= $min_confidence AND ($include_generic OR NOT coalesce(r.object_generic, false))
OPTIONAL MATCH (p:Paper {id: r.paper})
RETURN w.name AS winner, w.id AS winner_id, l.name AS loser, l.id AS loser_id,
       r.paper AS paper, p.title AS title, p.arxiv_id AS arxiv_id,
       CASE WHEN p.arxiv_id IS NULL THEN p.url ELSE 'https://arxiv.org/abs/' + p.arxiv_id END AS url,
       r.benchmark AS benchmark, r.metric AS metric, r.value AS value, r.confidence AS confidence,
       r.evidence AS evidence, r.claim_id AS claim_id
ORDER BY winner, loser, paper, claim_id
