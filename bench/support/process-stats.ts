// What a process costs, read from /proc: resident memory now and at its peak, and CPU time used.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export interface ProcessStats {
  rssBytes: number;
  /** The peak resident set size since the process started (VmHWM). */
  peakRssBytes: number;
  /** User plus system CPU time since the process started. */
  cpuSeconds: number;
}

// Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ on every architecture Node runs on).
const TICKS_PER_SECOND = 100;

/** The process's memory and CPU, or null once it has exited. */
export function processStats(pid: number): ProcessStats | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    // Fields after the command name, which is in parentheses and may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssBytes: kb('VmRSS') * 1024, peakRssBytes: kb('VmHWM') * 1024, cpuSeconds: ticks / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** Megabytes with one decimal. */
export function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** The machine's load when a run starts: figures from a busy machine read differently. */
export function machineLoad(): string {
  const [one, five] = loadavg();
  return `load average ${one?.toFixed(1)} (5 min ${five?.toFixed(1)}) on ${cpus().length} cores`;
}
