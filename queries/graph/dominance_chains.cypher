// name: dominance_chains
// description: The dominance_chains answer as a picture: A > B > C paths over OUTPERFORMS edges.
// param method: string = null -- only chains through this method (name, alias or id); null for all
// param min_confidence: float = 0.5 -- drop edges whose claim confidence is below this
// param include_generic: bool = false -- also edges whose loser is a generic phrase
// returns: path
// order: path
MATCH path = (a:Method)-[r1:OUTPERFORMS]->(b:Method)-[r2:OUTPERFORMS]->(c:Method)
WHERE a <> c
  AND all(r IN [r1, r2] WHERE r.confidence >= $min_confidence
          AND ($include_generic OR NOT coalesce(r.object_generic, false)))
  AND ($method IS NULL OR any(m IN [a, b, c] WHERE m.id = $method OR toLower(m.name) = toLower($method)
        OR any(alias IN m.aliases WHERE toLower(alias) = toLower($method))))
RETURN path
