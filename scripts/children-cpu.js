// CPU time of the benchmarks' child processes: on a machine shared with other jobs, wall time
// measures the queue for the CPU as much as the command.
import { readFileSync } from 'node:fs';

/** CPU seconds used by waited-for children so far (Linux /proc; undefined elsewhere). */
export function childrenCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // Fields 16 and 17 of stat (cutime, cstime), counted from field 3 after the name.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}
