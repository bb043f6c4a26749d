/**
 * Whether a string is standard base64 (RFC 4648 alphabet). Whitespace and line breaks are allowed, as in wrapped
 * base64 and YAML block scalars, and so is missing padding; URL-safe characters and stray symbols are not.
 */
export function isBase64(data: string): boolean {
  const compact = data.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return false;
  const body = compact.replace(/=+$/, '');
  if (body.length % 4 === 1) return false;
  // Padding, when present, must complete the last quantum exactly.
  return !compact.endsWith('=') || compact.length % 4 === 0;
}

/** The UTF-8 text of base64 data, or undefined when the data is not base64 or not text. */
export function decodeBase64Text(data: string): string | undefined {
  if (!isBase64(data)) return undefined;
  const bytes = Buffer.from(data.replace(/\s+/g, ''), 'base64');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // Binary content (control characters other than whitespace, or replacement characters) is not previewed.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 9 || (c > 13 && c < 32) || c === 0xfffd)) return undefined;
  }
  return text;
}

export function encodeBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
