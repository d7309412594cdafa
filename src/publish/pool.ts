// Runs tasks with at most `limit` at a time per group (per platform): one slow or failing
// platform neither blocks nor floods the others. Results come back in input order, settled.
export async function runGrouped<T, R>(tasks: T[], groupOf: (task: T) => string, limit: number, fn: (task: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(tasks.length);
  const queues = new Map<string, number[]>();
  tasks.forEach((task, i) => {
    const key = groupOf(task);
    queues.set(key, [...(queues.get(key) ?? []), i]);
  });
  const workers: Promise<void>[] = [];
  for (const queue of queues.values()) {
    for (let w = 0; w < Math.min(limit, queue.length); w++) {
      workers.push(
        (async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
            try {
              results[i] = { status: 'fulfilled', value: await fn(tasks[i]) };
            } catch (reason) {
              results[i] = { status: 'rejected', reason };
            }
          }
        })(),
      );
    }
  }
  await Promise.all(workers);
  return results;
}
