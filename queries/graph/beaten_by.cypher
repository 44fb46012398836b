// name: beaten_by
// description: The beaten_by answer as a picture: the OUTPERFORMS edges into a method, as paths.
// param method: string -- method name, alias or id (case-insensitive)
// param min_confidence: float = 0.5 -- drop edges whose claim confidence is below this
// param include_generic: bool = false -- also edges whose loser is a generic phrase
// returns: path
// order: path
MATCH path = (w:Method)-[r:OUTPERFORMS]->(l:Method)
WHERE (l.id = $method OR toLower(l.name) = toLower($method)
       OR any(alias IN l.aliases WHERE toLower(alias) = toLower($method)))
  AND r.confidence >= $min_confidence AND ($include_generic OR NOT coalesce(r.object_generic, false))
RETURN path
