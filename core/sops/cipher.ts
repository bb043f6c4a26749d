/**
 * The cryptography of a SOPS file: AES-256-GCM per value with WebCrypto (`globalThis.crypto.subtle`, in Node and in
 * browsers alike), the data key wrapped for each age recipient with the `age-encryption` library (pure
 * JavaScript), and the MAC (SHA-512 over the values' bytes).
 */
import { concatBytes, formatEncrypted, fromBase64, fromUtf8, toBase64, utf8, type EncryptedValue, type SopsType, type TypedValue } from './envelope';
import type { AgeStanza } from './metadata';

const TAG_BYTES = 16;
/** sops uses 32-byte IVs (not GCM's usual 12). */
const IV_BYTES = 32;

/** WebCrypto's types, as the global `crypto` declares them (the project's `lib` has no DOM). */
type Subtle = typeof globalThis.crypto.subtle;
export type DataKey = Awaited<ReturnType<Subtle['importKey']>>;

function subtle(): Subtle {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto (crypto.subtle) is not available here.');
  return s;
}

/** WebCrypto wants ArrayBuffer-backed views. */
function buffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

export function importDataKey(raw: Uint8Array): Promise<DataKey> {
  return subtle().importKey('raw', buffer(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** Decrypts one value; throws when its tag does not verify (a changed value, or another key). */
export async function decryptValue(key: DataKey, value: EncryptedValue, additionalData: string): Promise<TypedValue> {
  const data = fromBase64(value.data);
  const tag = fromBase64(value.tag);
  const plain = await subtle().decrypt(
    { name: 'AES-GCM', iv: buffer(fromBase64(value.iv)), additionalData: buffer(utf8(additionalData)), tagLength: TAG_BYTES * 8 },
    key,
    buffer(concatBytes([data, tag])),
  );
  return { type: value.type, text: fromUtf8(new Uint8Array(plain)) };
}

/** Encrypts one value with a fresh IV: the `ENC[...]` string. */
export async function encryptValue(key: DataKey, value: TypedValue, additionalData: string, type: SopsType = value.type): Promise<string> {
  // WebCrypto first: without it, its own message rather than a TypeError from getRandomValues.
  const crypto = subtle();
  const iv = randomBytes(IV_BYTES);
  const sealed = new Uint8Array(await crypto.encrypt(
    { name: 'AES-GCM', iv: buffer(iv), additionalData: buffer(utf8(additionalData)), tagLength: TAG_BYTES * 8 },
    key,
    buffer(utf8(value.text)),
  ));
  const data = sealed.subarray(0, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  return formatEncrypted({ data: toBase64(data), iv: toBase64(iv), tag: toBase64(tag), type });
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out.toUpperCase();
}

/**
 * The MAC: upper-case hex SHA-512 over the bytes of the values, in file order, without separators. With
 * `mac_only_encrypted` (sops 3.9+) the hashed stream starts with SHA-256("sops") and holds the encrypted values only
 * (the caller passes only those).
 */
export async function computeMac(values: readonly TypedValue[], macOnlyEncrypted: boolean): Promise<string> {
  const parts: Uint8Array[] = [];
  if (macOnlyEncrypted) parts.push(new Uint8Array(await subtle().digest('SHA-256', buffer(utf8('sops')))));
  for (const v of values) parts.push(utf8(v.text));
  return hex(new Uint8Array(await subtle().digest('SHA-512', buffer(concatBytes(parts)))));
}

/** age, loaded on first use: a file that is only validated never needs it (nor the time to load it). */
function age(): Promise<typeof import('age-encryption')> {
  return import('age-encryption');
}

/** Which identity a stanza opened: none (undefined) when no identity fits any stanza. */
export async function unwrapDataKey(stanzas: readonly AgeStanza[], identities: readonly string[]): Promise<Uint8Array | undefined> {
  if (!identities.length) return undefined;
  const { armor, Decrypter } = await age();
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  // Each stanza is a whole age file for one recipient: try each with every identity.
  for (const stanza of stanzas) {
    let file: Uint8Array;
    try {
      file = armor.decode(stanza.enc);
    } catch {
      continue;
    }
    try {
      const key = await decrypter.decrypt(file);
      if (key.length === 32) return key;
    } catch {
      // Not for any of our identities: the next stanza.
    }
  }
  return undefined;
}

/** The data key encrypted for each recipient, one armoured age file each (as sops writes them). */
export async function wrapDataKey(key: Uint8Array, recipients: readonly string[]): Promise<AgeStanza[]> {
  const { armor, Encrypter } = await age();
  const out: AgeStanza[] = [];
  for (const [i, recipient] of recipients.entries()) {
    const encrypter = new Encrypter();
    try {
      encrypter.addRecipient(recipient);
    } catch (e) {
      // Which one, by its place: the text itself is never repeated (it may be a secret key given by mistake).
      throw new Error(`recipient ${i + 1} of ${recipients.length}: ${e instanceof Error ? e.message : String(e)}`);
    }
    out.push({ recipient, enc: armor.encode(await encrypter.encrypt(key)) });
  }
  return out;
}
