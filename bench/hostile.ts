/**
 * Hostile inputs of issue 11 D, at full size: each must be read in linear time, or stopped by a limit with a clear
 * diagnostic. Used by `npm run bench` (timed at full size) and by test/unit/hostile.test.ts (no crash, and the cost
 * grows linearly: a ratio of CPU time between sizes, never a wall-clock limit).
 */
export interface HostileInput {
  name: string;
  file: string;
  /** The input at `scale` (1 is the full size). */
  make(scale: number): string;
  /** An offset for a completion request, when the input is about completion. */
  completionAt?(text: string): number;
}

const HEAD = 'name: api\nsecretType: environment\npriority: 1\n';

export const HOSTILE: HostileInput[] = [
  {
    name: '9,000 YAML anchors and aliases (212 kB)',
    file: 'anchors.northflank-secret.yaml',
    make: (scale) => {
      const n = Math.round(4500 * scale);
      const lines = [HEAD, 'secrets:\n  variables:\n'];
      for (let i = 0; i < n; i++) lines.push(`    ANCHORED_${i}: &a${i} value-number-${i}\n`);
      for (let i = 0; i < n; i++) lines.push(`    ALIASED_${i}: *a${i}\n`);
      return lines.join('');
    },
  },
  {
    name: 'a tags flow list of 300,000 items',
    file: 'flow.northflank-secret.yaml',
    make: (scale) => `${HEAD}tags: [${Array.from({ length: Math.round(300_000 * scale) }, (_, i) => `t${i.toString(36)}`).join(', ')}]\n`,
  },
  {
    name: '200,000 "---" documents',
    file: 'documents.northflank-secret.yaml',
    make: (scale) => `${HEAD}${'---\na: 1\n'.repeat(Math.round(200_000 * scale))}`,
  },
  {
    name: '130,000 diagnostics (repeated keys)',
    file: 'flood.northflank-secret.yaml',
    make: (scale) => `${HEAD}secrets:\n  variables:\n${'    A: x\n'.repeat(Math.round(130_000 * scale))}`,
  },
  {
    name: 'JSON nested 10,000 deep, completion inside',
    file: 'deep.qovery-secrets.json',
    make: (scale) => {
      const n = Math.round(10_000 * scale);
      return `{"secrets": [${'{"a":'.repeat(n)}1${'}'.repeat(n)}]}`;
    },
    completionAt: (text) => text.indexOf('1}'),
  },
];
