import { readFileSync } from 'node:fs';

/**
 * `node dist/bench/profileSummary.js <file.cpuprofile>`: where a bot's CPU time went, by package (self time, and
 * inclusive time: a package's functions and everything they called, counted once per sample). Reads a profile
 * written by `npm run bench -- --profile <folder>`.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('Usage: node dist/bench/profileSummary.js <file.cpuprofile>');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

function bucket(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules?.[1]) return inModules[1];
  if (url.startsWith('node:')) return 'node core';
  const inProject = /\/dist\/(src\/[^/]+|bench)/.exec(url);
  return inProject?.[1] ? `project ${inProject[1]}` : url;
}

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
profile.samples.forEach((sample, index) => {
  const micros = profile.timeDeltas[index] ?? 0;
  total += micros;
  const leaf = byId.get(sample);
  if (!leaf) return;
  self.set(bucket(leaf), (self.get(bucket(leaf)) ?? 0) + micros);
  const seen = new Set<string>();
  for (let id: number | undefined = sample; id !== undefined; id = parentOf.get(id)) {
    const node = byId.get(id);
    if (node) seen.add(bucket(node));
  }
  for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
});

const idle = self.get('(idle)') ?? 0;
const busy = total - idle;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy`);
console.log('share of busy time     self  inclusive');
for (const [name, micros] of [...inclusive.entries()].filter(([name]) => name !== '(idle)' && name !== '(root)').sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  const share = (value: number): string => `${((value / busy) * 100).toFixed(1)}%`.padStart(8);
  console.log(`${name.slice(0, 34).padEnd(34)} ${share(self.get(name) ?? 0)} ${share(micros)}`);
}
