import { Random } from '../test/helpers/random';

/**
 * Deterministic Northflank secret groups for the benchmark: the same size and seed always give the same text.
 *
 * Each variable is one realistic line of about 50 bytes (`    REDIS_HOST_0042: redis-42.eu-west-1.internal`), a few
 * values reference other variables as `${OTHER}`, and secret files and addon dependencies are sprinkled in, so
 * the file looks like a large real group and every schema rule that applies to one has work to do.
 */
export interface GeneratedGroup {
  text: string;
  variables: number;
  /** 0-based lines of the `secrets.variables` entries, in file order (the bench edits those in the middle). */
  variableLines: number[];
}

const AREAS = ['API', 'DB', 'REDIS', 'STRIPE', 'AUTH', 'S3', 'SMTP', 'KAFKA', 'SENTRY', 'FEATURE', 'CACHE', 'SEARCH', 'BILLING', 'QUEUE'];
const FIELDS = ['URL', 'HOST', 'PORT', 'TOKEN', 'SECRET', 'TIMEOUT', 'ENABLED', 'REGION', 'USER', 'PASSWORD', 'BUCKET', 'LEVEL'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1', 'eu-central-1'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function token(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[random.int(0, ALNUM.length - 1)];
  return out;
}

function value(random: Random, field: string, index: number, earlier: readonly string[]): string {
  // About one value in twenty is a template built from other variables of the group.
  if (earlier.length > 2 && random.chance(0.05)) {
    const a = random.pick(earlier);
    const b = random.pick(earlier);
    return random.chance(0.5) ? `"https://\${${a}}/v1/\${${b}}"` : `\${${a}}`;
  }
  const n = index % 97;
  switch (field) {
    case 'URL':
      return `https://svc-${n}.${random.pick(REGIONS)}.internal.example.com/api/v1`;
    case 'HOST':
      return `host-${n}.${random.pick(REGIONS)}.cluster.internal.example.com`;
    case 'PORT':
      return `"${random.int(1024, 65535)}"`;
    case 'TOKEN':
    case 'SECRET':
      return token(random, 44);
    case 'PASSWORD':
      return `'${token(random, 40)}'`;
    case 'TIMEOUT':
      return `"${random.int(1, 120)}s" # per request`;
    case 'ENABLED':
      return random.chance(0.5) ? '"true"' : '"false"';
    case 'REGION':
      return random.pick(REGIONS);
    case 'USER':
      return `svc_user_${n}_${token(random, 12).toLowerCase()}`;
    case 'BUCKET':
      return `s3://bucket-${n}-${random.pick(REGIONS)}/data/${token(random, 8).toLowerCase()}`;
    default:
      return random.pick(['debug', 'info', 'warn', 'error']);
  }
}

/** A secret group of `variables` variables; the same arguments always give the same text. */
export function generateSecretGroup(variables: number, seed = 1): GeneratedGroup {
  const random = new Random(seed);
  const lines: string[] = [];
  const push = (line: string): number => lines.push(line) - 1;
  const addons = Math.max(1, Math.round(variables / 1000));
  const files = Math.max(1, Math.round(variables / 500));
  push(`name: bench-group-${variables}`);
  push(`description: A generated secret group of ${variables} variables, for the benchmark`);
  push('type: secret');
  push('secretType: environment');
  push('priority: 10');
  push('tags:');
  push('  - bench');
  push('  - generated');
  push('restrictions:');
  push('  restricted: true');
  push('  nfObjects:');
  for (let i = 0; i < addons + 1; i++) {
    push(`    - id: service-${i}`);
    push(`      type: ${i % 3 === 2 ? 'job' : 'service'}`);
  }
  push('addonDependencies:');
  for (let i = 0; i < addons; i++) {
    push(`  - addonId: postgres-${i}`);
    push('    keys:');
    push('      - keyName: POSTGRES_URI');
    push(`        aliases: [DATABASE_URL_${i}, DB_URI_${i}]`);
    push('      - keyName: USERNAME');
    push('        aliases:');
    push(`          - DB_USERNAME_${i}`);
  }
  push('secrets:');
  push('  variables:');
  const names: string[] = [];
  const variableLines: number[] = [];
  for (let i = 0; i < variables; i++) {
    const field = FIELDS[i % FIELDS.length];
    const name = `${random.pick(AREAS)}_${field}_${String(i).padStart(4, '0')}`;
    variableLines.push(push(`    ${name}: ${value(random, field, i, names)}`));
    names.push(name);
  }
  push('  files:');
  for (let i = 0; i < files; i++) {
    push(`    /etc/app/config-${i}.json:`);
    push(`      data: ${Buffer.from(JSON.stringify({ service: `svc-${i}`, debug: i % 2 === 0, token: token(random, 12) })).toString('base64')}`);
    push('      encoding: utf-8');
  }
  return { text: `${lines.join('\n')}\n`, variables, variableLines };
}
