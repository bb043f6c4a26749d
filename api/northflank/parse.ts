/** Runtime checks of Northflank answers, shared by the resource files. */
import { array, dictionary, oneOf, optionalArray, optionalBoolean, optionalOneOf, optionalString, record, string, number } from '../shape';
import type { SecretFile, SecretGroupContents, SecretGroupSummary } from './types';

export const SECRET_TYPES = ['environment-arguments', 'environment', 'arguments'] as const;
export const GROUP_TYPES = ['secret', 'config'] as const;

export function parseRestrictions(value: unknown, where: string): SecretGroupSummary['restrictions'] {
  if (value === undefined || value === null) return {};
  const r = record(value, where);
  return {
    restricted: optionalBoolean(r.restricted, `${where}.restricted`),
    nfObjects: optionalArray(r.nfObjects, `${where}.nfObjects`, (o, w) => {
      const obj = record(o, w);
      return { id: string(obj.id, `${w}.id`), type: oneOf(obj.type, `${w}.type`, ['service', 'job'] as const) };
    }),
    tags: optionalArray(r.tags, `${where}.tags`, string),
    tagMatchCondition: optionalOneOf(r.tagMatchCondition, `${where}.tagMatchCondition`, ['and', 'or'] as const),
  };
}

function parseFile(value: unknown, where: string): SecretFile {
  const f = record(value, where);
  const encoding = optionalString(f.encoding, `${where}.encoding`);
  return { data: string(f.data, `${where}.data`), ...(encoding !== undefined ? { encoding } : {}) };
}

export function parseContents(value: unknown, where: string): SecretGroupContents {
  if (value === undefined || value === null) return {};
  const c = record(value, where);
  const out: SecretGroupContents = {};
  if (c.variables !== undefined && c.variables !== null) out.variables = dictionary(c.variables, `${where}.variables`, string);
  if (c.files !== undefined && c.files !== null) out.files = dictionary(c.files, `${where}.files`, parseFile);
  if (c.dockerSecretMounts !== undefined && c.dockerSecretMounts !== null) out.dockerSecretMounts = dictionary(c.dockerSecretMounts, `${where}.dockerSecretMounts`, parseFile);
  return out;
}

export function parseGroupSummary(value: unknown, where: string): SecretGroupSummary {
  const g = record(value, where);
  return {
    id: string(g.id, `${where}.id`),
    name: string(g.name, `${where}.name`),
    description: optionalString(g.description, `${where}.description`),
    type: optionalOneOf(g.type, `${where}.type`, GROUP_TYPES) ?? 'secret',
    secretType: oneOf(g.secretType, `${where}.secretType`, SECRET_TYPES),
    priority: number(g.priority, `${where}.priority`),
    tags: optionalArray(g.tags, `${where}.tags`, string) ?? [],
    restrictions: parseRestrictions(g.restrictions, `${where}.restrictions`),
  };
}

export function parseTaggedSummary(value: unknown, where: string): { id: string; name: string; description?: string; tags: string[]; raw: Record<string, unknown> } {
  const o = record(value, where);
  return {
    id: string(o.id, `${where}.id`),
    name: string(o.name, `${where}.name`),
    description: optionalString(o.description, `${where}.description`),
    tags: optionalArray(o.tags, `${where}.tags`, string) ?? [],
    raw: o,
  };
}

export function parseKeys(value: unknown, where: string): { keyName: string; aliases?: string[]; defaultKey: string }[] {
  return array(value, where, (k, w) => {
    const key = record(k, w);
    const aliases = optionalArray(key.aliases, `${w}.aliases`, string);
    return { keyName: string(key.keyName, `${w}.keyName`), ...(aliases ? { aliases } : {}), defaultKey: optionalString(key.defaultKey, `${w}.defaultKey`) ?? '' };
  });
}
