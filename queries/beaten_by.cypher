// name: beaten_by
// description: What beats a given method: every OUTPERFORMS edge into it, with paper and evidence.
// param method: string -- method name, alias or id (case-insensitive)
// returns: winner, winner_id, loser, loser_id, paper, benchmark, metric, value, evidence, claim_id
// order: winner, loser, paper, claim_id
MATCH (w:Method)-[r:OUTPERFORMS]->(l:Method)
WHERE l.id = $method OR toLower(l.name) = toLower($method)
   OR any(alias IN l.aliases WHERE toLower(alias) = toLower($method))
RETURN w.name AS winner, w.id AS winner_id, l.name AS loser, l.id AS loser_id,
       r.paper AS paper, r.benchmark AS benchmark, r.metric AS metric, r.value AS value,
       r.evidence AS evidence, r.claim_id AS claim_id
ORDER BY winner, loser, paper, claim_id
