// name: beats
// description: The beats answer as a picture: every OUTPERFORMS edge (winner -> loser) that passes the same filters, as paths.
// param benchmark: string = null -- benchmark name, alias or id (case-insensitive); null for all
// param metric: string = null -- metric name, alias or id (case-insensitive); null for all
// param min_confidence: float = 0.5 -- drop edges whose claim confidence is below this
// param include_generic: bool = false -- also edges whose loser is a generic phrase
// returns: path
// order: path
MATCH path = (w:Method)-[r:OUTPERFORMS]->(l:Method)
WHERE r.confidence >= $min_confidence AND ($include_generic OR NOT coalesce(r.object_generic, false))
  AND ($benchmark IS NULL OR EXISTS {
        MATCH (:Claim {id: r.claim_id})-[:ON]->(b:Benchmark)
        WHERE b.id = $benchmark OR toLower(b.name) = toLower($benchmark)
           OR any(alias IN b.aliases WHERE toLower(alias) = toLower($benchmark)) })
  AND ($metric IS NULL OR EXISTS {
        MATCH (:Claim {id: r.claim_id})-[:MEASURED_BY]->(m:Metric)
        WHERE m.id = $metric OR toLower(m.name) = toLower($metric)
           OR any(alias IN m.aliases WHERE toLower(alias) = toLower($metric)) })
RETURN path
