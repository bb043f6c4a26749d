/**
 * Checks of JSON from the network before it is trusted: the one place where `unknown` becomes a typed value.
 * A failed check throws a ShapeError naming where the answer went wrong (never the value found there); the
 * clients turn it into an ApiError of kind "bad-response".
 */

export class ShapeError extends Error {}

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, where: string): Json {
  if (!isRecord(value)) throw new ShapeError(`${where} is not an object`);
  return value;
}

export function string(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new ShapeError(`${where} is not a string`);
  return value;
}

export function optionalString(value: unknown, where: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, where);
}

export function number(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ShapeError(`${where} is not a number`);
  return value;
}

export function optionalNumber(value: unknown, where: string): number | undefined {
  return value === undefined || value === null ? undefined : number(value, where);
}

export function boolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new ShapeError(`${where} is not true or false`);
  return value;
}

export function optionalBoolean(value: unknown, where: string): boolean | undefined {
  return value === undefined || value === null ? undefined : boolean(value, where);
}

export function array<T>(value: unknown, where: string, item: (value: unknown, where: string) => T): T[] {
  if (!Array.isArray(value)) throw new ShapeError(`${where} is not a list`);
  return value.map((v, i) => item(v, `${where}[${i}]`));
}

export function optionalArray<T>(value: unknown, where: string, item: (value: unknown, where: string) => T): T[] | undefined {
  return value === undefined || value === null ? undefined : array(value, where, item);
}

export function oneOf<T extends string>(value: unknown, where: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ShapeError(`${where} is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function optionalOneOf<T extends string>(value: unknown, where: string, allowed: readonly T[]): T | undefined {
  return value === undefined || value === null ? undefined : oneOf(value, where, allowed);
}

/** A map of string keys to items (Northflank's `variables`, `files`). */
export function dictionary<T>(value: unknown, where: string, item: (value: unknown, where: string) => T): Record<string, T> {
  const input = record(value, where);
  const out: Record<string, T> = {};
  for (const [key, v] of Object.entries(input)) {
    Object.defineProperty(out, key, { value: item(v, `${where}[${JSON.stringify(key)}]`), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
