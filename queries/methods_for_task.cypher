// name: methods_for_task
// description: Methods proposed for a task: methods proposed by papers that mention the task.
// param task: string -- task name, alias or id (case-insensitive)
// returns: task, task_id, method, method_id, paper_count, papers, titles
// show: task, method, paper_count, titles
// order: task, -paper_count, method, method_id
MATCH (t:Task)
WHERE t.id = $task OR toLower(t.name) = toLower($task)
   OR any(alias IN t.aliases WHERE toLower(alias) = toLower($task))
MATCH (p:Paper)-[:MENTIONS]->(t)
MATCH (p)-[:PROPOSES]->(m:Method)
WITH t, m, collect(DISTINCT p.id) AS papers, collect(DISTINCT p.title + CASE WHEN p.arxiv_id IS NULL THEN '' ELSE ' (arXiv:' + p.arxiv_id + ')' END) AS titles
RETURN t.name AS task, t.id AS task_id, m.name AS method, m.id AS method_id,
       size(papers) AS paper_count, papers, titles
ORDER BY task, paper_count DESC, method, method_id
