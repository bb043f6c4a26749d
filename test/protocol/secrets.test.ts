import * as assert from 'node:assert/strict';
import { CodeActionRequest, HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol';
import { EnvSourcesRequest, FileStatusRequest, type EnvSourcesParams, type FileStatusParams } from '../../shared/protocol';
import { LspClient } from '../helpers/lsp';

const SLACK = ['xoxb', '1234567890', '1234567890123', 'abcdefghijklmnopqrstuvwx'].join('-');
const GROUP = `name: api-secrets
secretType: environment
priority: 10
secrets:
  variables:
    SLACK_TOKEN: ${SLACK}
    DB_PASSWORD: \${env:DB_PASSWORD}
    ENCRYPTED_LOOKING: plain
`;
const SOPS_GROUP = `name: ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:str]
secretType: environment
priority: ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:int]
sops:
  age:
    - recipient: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
      enc: x
  lastmodified: "2024-03-25T22:08:10Z"
  mac: ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:str]
  unencrypted_suffix: _unencrypted
  version: 3.10.2
`;

const text = (h: Hover | null): string => ((h?.contents as MarkupContent | undefined)?.value ?? '');

describe('language server over stdio: values kept out of git', () => {
  let client: LspClient;
  const trackedUris = new Set<string>();
  const asked: EnvSourcesParams[] = [];
  before(async () => {
    client = new LspClient();
    client.connection.onRequest(FileStatusRequest, (p: FileStatusParams) => ({ tracked: trackedUris.has(p.uri) }));
    client.connection.onRequest(EnvSourcesRequest, (p: EnvSourcesParams) => {
      asked.push(p);
      return { sources: Object.fromEntries(p.names.map((n) => [n, n === 'DB_PASSWORD' ? 'the env file .env.local' : null])) };
    });
    await client.initialize({ localFiles: true }, { 'secretDefinitions.literalSecrets.enabled': true });
  });
  after(async () => client.dispose());

  it('warns of a literal secret only where the client says git tracks the file, with the two fixes', async () => {
    const untracked = 'file:///w/untracked.northflank-secret.yaml';
    await client.open(untracked, GROUP);
    assert.deepEqual((await client.diagnostics(untracked, 1)).diagnostics.map((d) => d.code), []);
    const trackedUri = 'file:///w/tracked.northflank-secret.yaml';
    trackedUris.add(trackedUri);
    await client.open(trackedUri, GROUP);
    const published = (await client.diagnostics(trackedUri, 1)).diagnostics;
    assert.deepEqual(published.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]), [['literal-secret', 5, 17, 17 + SLACK.length]]);
    assert.ok(!JSON.stringify(published).includes(SLACK), 'never the value');
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: trackedUri }, range: published[0].range, context: { diagnostics: published } });
    const commands = (actions ?? []).map((a) => ('command' in a && typeof a.command === 'object' ? [a.title, a.command.command, JSON.stringify(a.command.arguments?.[2] ?? null)] : [a.title]));
    assert.deepEqual(commands, [
      ['Move to env file as ${env:SLACK_TOKEN}', 'secretDefinitions.moveToEnvFile', '"SLACK_TOKEN"'],
      ['Encrypt this file with SOPS', 'secretDefinitions.encryptFile', 'null'],
    ]);
  });

  it('hover on ${env:NAME} says where it comes from (asked of the client), never a value', async () => {
    const uri = 'file:///w/hover.northflank-secret.yaml';
    await client.open(uri, GROUP);
    await client.diagnostics(uri, 1);
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 20 } });
    assert.match(text(h), /\*\*\$\{env:DB_PASSWORD\}\*\*/);
    assert.match(text(h), /Comes from the env file \.env\.local\./);
    assert.deepEqual(h?.range, { start: { line: 6, character: 17 }, end: { line: 6, character: 35 } });
    assert.deepEqual(asked.map((a) => a.names), [['DB_PASSWORD']]);
  });

  it('hover on an ENC[...] value says "encrypted"; on the sops block, for whom; the block has no diagnostic', async () => {
    const uri = 'file:///w/sops.northflank-secret.yaml';
    await client.open(uri, SOPS_GROUP);
    assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics.map((d) => d.code), []);
    const value = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 20 } });
    assert.match(text(value), /^\*\*Encrypted\*\* \(SOPS, `type:int`\)/);
    const block = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 1 } });
    assert.match(text(block), /Encrypted for 1 age recipient:\n- `age1q+`/);
  });
});
