/**
 * CPU time of the processes a pipeline run spends it in, read from Linux /proc (bench only).
 * Lines/s on a shared 2-core machine mostly measure the neighbours; CPU µs per line per component
 * (processor, PostgreSQL, broker) are what the work costs, and their sum bounds what two
 * dedicated cores could do.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly ppid: number;
  /** utime + stime, ms. */
  readonly cpuMs: number;
  /** cutime + cstime: children that exited and were reaped, ms. */
  readonly childrenMs: number;
}

function procStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const tick = (i: number): number => (Number(fields[i]) * 1000) / TICKS_PER_SECOND;
  return { ppid: Number(fields[1]), cpuMs: tick(11) + tick(12), childrenMs: tick(13) + tick(14) };
}

/** CPU ms of one process (null when it is gone or /proc is not there). */
export function processCpuMs(pid: number): number | null {
  return procStat(pid)?.cpuMs ?? null;
}

/**
 * CPU ms of a process and all its children, live or already exited (exited ones count once the
 * parent reaped them, which PostgreSQL's postmaster does at once for its backends).
 */
export function processTreeCpuMs(pid: number): number | null {
  const root = procStat(pid);
  if (root === null) return null;
  let total = root.cpuMs + root.childrenMs;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procStat(Number(entry));
    if (child?.ppid === pid) total += child.cpuMs;
  }
  return total;
}

/** The first line of a pid file as a pid, or null. */
export function pidFromFile(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').split('\n')[0]?.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** A named CPU reading taken at the start and the end of a measured window. */
export class CpuMeter {
  private readonly start: number | null;

  constructor(private readonly read: () => number | null) {
    this.start = read();
  }

  /** CPU ms spent since construction, or null when either reading failed. */
  elapsedMs(): number | null {
    const end = this.read();
    return this.start === null || end === null ? null : end - this.start;
  }
}
