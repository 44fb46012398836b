// name: leaderboard
// description: The leaderboard as a picture: the benchmark, its claims and the methods each claim names (SUBJECT = the claimant, OBJECT = the baseline).
// param benchmark: string -- benchmark name, alias or id (case-insensitive)
// param metric: string = null -- only claims measured by this metric (name, alias or id)
// param min_confidence: float = 0.5 -- drop claims whose confidence is below this
// param include_generic: bool = false -- also claims whose object is a generic phrase
// returns: path
// order: path
MATCH path = (b:Benchmark)<-[:ON]-(c:Claim)-[:SUBJECT|OBJECT]->(m:Method)
WHERE (b.id = $benchmark OR toLower(b.name) = toLower($benchmark)
       OR any(alias IN b.aliases WHERE toLower(alias) = toLower($benchmark)))
  AND c.confidence >= $min_confidence AND ($include_generic OR NOT coalesce(c.object_generic, false))
  AND ($metric IS NULL OR EXISTS {
        MATCH (c)-[:MEASURED_BY]->(x:Metric)
        WHERE x.id = $metric OR toLower(x.name) = toLower($metric)
           OR any(alias IN x.aliases WHERE toLower(alias) = toLower($metric)) })
RETURN path
