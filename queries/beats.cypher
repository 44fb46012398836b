// name: beats
// description: Which methods beat which baselines: every derived OUTPERFORMS edge with its paper (title, arXiv) and evidence, optionally only on a benchmark and/or metric.
// param benchmark: string = null -- benchmark name, alias or id (case-insensitive); null for all
// param metric: string = null -- metric name, alias or id (case-insensitive); null for all
// param min_confidence: float = 0.5 -- drop edges whose claim confidence is below this
// param include_generic: bool = false -- also edges whose loser is a generic phrase ("prior methods")
// returns: winner, winner_id, loser, loser_id, paper, title, arxiv_id, url, benchmark, metric, value, confidence, evidence, claim_id
// show: winner, loser, benchmark, metric, value, title, arxiv_id
// order: winner, loser, paper, claim_id
MATCH (w:Method)-[r:OUTPERFORMS]->(l:Method)
WHERE r.confidence >= $min_confidence AND ($include_generic OR NOT coalesce(r.object_generic, false))
MATCH (c:Claim {id: r.claim_id})
WHERE ($benchmark IS NULL OR EXISTS {
        MATCH (c)-[:ON]->(b:Benchmark)
        WHERE b.id = $benchmark OR toLower(b.name) = toLower($benchmark)
           OR any(alias IN b.aliases WHERE toLower(alias) = toLower($benchmark)) })
  AND ($metric IS NULL OR EXISTS {
        MATCH (c)-[:MEASURED_BY]->(m:Metric)
        WHERE m.id = $metric OR toLower(m.name) = toLower($metric)
           OR any(alias IN m.aliases WHERE toLower(alias) = toLower($metric)) })
OPTIONAL MATCH (p:Paper {id: r.paper})
RETURN w.name AS winner, w.id AS winner_id, l.name AS loser, l.id AS loser_id,
       r.paper AS paper, p.title AS title, p.arxiv_id AS arxiv_id,
       CASE WHEN p.arxiv_id IS NULL THEN p.url ELSE 'https://arxiv.org/abs/' + p.arxiv_id END AS url,
       r.benchmark AS benchmark, r.metric AS metric, r.value AS value, r.confidence AS confidence,
       r.evidence AS evidence, r.claim_id AS claim_id
ORDER BY winner, loser, paper, claim_id
