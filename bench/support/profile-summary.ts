// The top entries of a V8 CPU profile (.cpuprofile): self time by function, and by package or part of cleanwire.
//   node dist/bench/support/profile-summary.js FILE.cpuprofile [TOP]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Busy time: everything but the idle, program and garbage-collector pseudo-frames. */
  busyMs: number;
  functions: ProfileEntry[];
  areas: ProfileEntry[];
}

/** Where a script belongs: its npm package, a cleanwire lib or app, or Node's internals. */
function area(url: string, functionName: string): string {
  if (url === '') return `(${functionName || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const ours = /\/dist\/((?:libs|apps)\/[^/]+)/.exec(url);
  if (ours) return ours[1] as string;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

export function summarizeProfile(profile: Profile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let totalMs = 0;
  let busyMs = 0;
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    totalMs += ms;
    if (['(idle)', '(program)', '(garbage collector)'].includes(frame.functionName) === false) busyMs += ms;
    const file = frame.url.replace(/^.*\/(node_modules|dist)\//, '$1/');
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const where = area(frame.url, frame.functionName);
    areas.set(where, (areas.get(where) ?? 0) + ms);
  }
  const entries = (map: Map<string, number>): ProfileEntry[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: ms / totalMs }));
  return { totalMs, busyMs, functions: entries(functions), areas: entries(areas) };
}

export function formatSummary(title: string, summary: ProfileSummary, per?: { items: number; unit: string }): string {
  const lines = [
    `${title}: ${summary.totalMs.toFixed(0)} ms sampled, ${summary.busyMs.toFixed(0)} ms busy` +
      (per ? ` (${(summary.busyMs / per.items).toFixed(3)} ms per ${per.unit})` : ''),
    '  self time by area:',
    ...summary.areas.map(
      (entry) =>
        `    ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.ms.toFixed(0).padStart(6)} ms  ${entry.name}`,
    ),
    '  self time by function:',
    ...summary.functions.map(
      (entry) =>
        `    ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.ms.toFixed(0).padStart(6)} ms  ${entry.name}`,
    ),
  ];
  return lines.join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [TOP]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  process.stdout.write(`${formatSummary(file, summarizeProfile(profile, Number(top ?? 25)))}\n`);
}
