// name: beats
// description: Which methods beat which baselines: every derived OUTPERFORMS edge with its paper and evidence, optionally only on a benchmark and/or metric.
// param benchmark: string = null -- benchmark name, alias or id (case-insensitive); null for all
// param metric: string = null -- metric name, alias or id (case-insensitive); null for all
// returns: winner, winner_id, loser, loser_id, paper, benchmark, metric, value, evidence, claim_id
// order: winner, loser, paper, claim_id
MATCH (w:Method)-[r:OUTPERFORMS]->(l:Method)
MATCH (c:Claim {id: r.claim_id})
WHERE ($benchmark IS NULL OR EXISTS {
        MATCH (c)-[:ON]->(b:Benchmark)
        WHERE b.id = $benchmark OR toLower(b.name) = toLower($benchmark)
           OR any(alias IN b.aliases WHERE toLower(alias) = toLower($benchmark)) })
  AND ($metric IS NULL OR EXISTS {
        MATCH (c)-[:MEASURED_BY]->(m:Metric)
        WHERE m.id = $metric OR toLower(m.name) = toLower($metric)
           OR any(alias IN m.aliases WHERE toLower(alias) = toLower($metric)) })
RETURN w.name AS winner, w.id AS winner_id, l.name AS loser, l.id AS loser_id,
       r.paper AS paper, r.benchmark AS benchmark, r.metric AS metric, r.value AS value,
       r.evidence AS evidence, r.claim_id AS claim_id
ORDER BY winner, loser, paper, claim_id
