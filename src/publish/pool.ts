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
    const workerCount = Math.min(limit, queue.length);
    for (let w = 0; w < workerCount; w++) {
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

/**
 * Runs each lane (one account's tasks) in order, lanes side by side with at most `limit` per
 * group. One account's posts keep their schedule order, and a platform never sees the same
 * account write concurrently (a PDS serializes writes to one repository anyway).
 */
export async function runLanes<T, R>(tasks: T[], laneOf: (task: T) => string, groupOf: (task: T) => string, limit: number, fn: (task: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const lanes = new Map<string, number[]>();
  tasks.forEach((task, i) => lanes.set(laneOf(task), [...(lanes.get(laneOf(task)) ?? []), i]));
  const results: PromiseSettledResult<R>[] = new Array(tasks.length);
  await runGrouped([...lanes.values()], (lane) => groupOf(tasks[lane[0]]), limit, async (lane) => {
    for (const i of lane) {
      try {
        results[i] = { status: 'fulfilled', value: await fn(tasks[i]) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  });
  return results;
}
