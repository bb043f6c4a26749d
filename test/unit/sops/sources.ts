import { expect } from 'chai';
import { parseJson } from '../../../core/parse/json';
import { parseYaml } from '../../../core/parse/yaml';
import { SopsError, type SopsErrorCode } from '../../../core/sops';

/** A YAML or JSON text as the SOPS reader and writer take it (its text, syntax and tree). */
export const y = (text: string) => ({ text, syntax: 'yaml' as const, root: parseYaml(text).root });
export const j = (text: string) => ({ text, syntax: 'json' as const, root: parseJson(text).root });

/** The SopsError a promise is rejected with (fails when it resolves or rejects with anything else). */
export async function refusal(promise: Promise<unknown>): Promise<SopsError> {
  try {
    await promise;
  } catch (e) {
    expect(e).to.be.instanceOf(SopsError);
    return e as SopsError;
  }
  expect.fail('expected a SopsError, but it resolved');
}

/** The promise is rejected with exactly this code and whole message. */
export async function expectRefused(promise: Promise<unknown>, code: SopsErrorCode, message: string): Promise<void> {
  const e = await refusal(promise);
  expect(e.message).to.equal(message);
  expect(e.code).to.equal(code);
}
