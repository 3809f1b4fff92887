/** CPU time of another process, read from /proc (Linux): it varies far less with the machine's load than throughput does. */
import { readFileSync } from 'node:fs';

/** CPU time (user + system) of process `pid` so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const fields =
    readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .split(') ')[1]
      ?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10; // USER_HZ is 100 on Linux
}
