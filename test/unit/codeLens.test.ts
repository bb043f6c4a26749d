import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDefinition, type DefinitionDocument } from '../../core';
import { codeLenses } from '../../server/src/codeLens';
import { ROOT } from '../helpers/paths';

function parse(file: string, text: string): DefinitionDocument {
  const doc = parseDefinition(file, text);
  assert.ok(doc);
  return doc;
}

const GROUP = 'name: api\nsecretType: environment\npriority: 10\naddonDependencies:\n  - addonId: pg\n    keys: [{ keyName: POSTGRES_URI }]\n';
const ENCRYPTED = readFileSync(path.join(ROOT, 'test', 'web', 'workspace', 'sops', 'encrypted.northflank-secret.yaml'), 'utf8');

describe('CodeLens (server/src/codeLens.ts)', () => {
  const titles = (doc: DefinitionDocument, web?: boolean) => codeLenses({ uri: 'file:///w/x', doc, snapshot: undefined, web }).map((l) => [l.command?.title, l.command?.command]);

  it('on the desktop: push, create, target and addon links on a secret group', () => {
    assert.deepEqual(titles(parse('api.northflank-secret.yaml', GROUP)), [
      ['$(cloud-upload) Push to Northflank', 'secretDefinitions.push'],
      ['Create (POST)', 'secretDefinitions.createSecretGroup'],
      ['Choose a project', 'secretDefinitions.changeTarget'],
      ['$(plug) Link keys of pg', 'secretDefinitions.linkAddon'],
    ]);
  });

  it('in the browser: nothing that needs the desktop (every one of those commands does)', () => {
    assert.deepEqual(titles(parse('api.northflank-secret.yaml', GROUP), true), []);
  });

  it('a SOPS file: who can open it and Edit decrypted on the desktop; in the browser who can open it, with nothing to click', () => {
    const doc = parse('encrypted.northflank-secret.yaml', ENCRYPTED);
    const desktop = titles(doc);
    assert.match(String(desktop[0][0]), /^\$\(lock\) SOPS-encrypted for age1/);
    assert.deepEqual(desktop.slice(1).map(([, c]) => c), ['secretDefinitions.editDecrypted', 'secretDefinitions.push', 'secretDefinitions.createSecretGroup', 'secretDefinitions.changeTarget']);
    const web = titles(doc, true);
    assert.equal(web.length, 1);
    assert.deepEqual([web[0][0], web[0][1]], [desktop[0][0], '']);
  });
});
