import { SecretSet, type RedactOptions } from '../../../api/redact';
import { stripControls } from '../../../api/serverText';
import { MASK } from '../../../core/mask';

/**
 * The last line of defence against leaks: every token and secret value the extension handles is registered here
 * (the API clients share this set, so the values a platform returns are registered too), and every line written
 * to the output channel passes through `show`: api/redact.ts masks every encoding of every value, and
 * api/serverText.ts removes control sequences a server may have put in a message. Code should never log a value
 * in the first place; this catches the mistake if it does.
 */
export class Redactor extends SecretSet {
  /** Masks with the one mask (core/mask.ts), and any `Bearer …`/`Token …` credential whether registered or not. */
  override redact(text: string, options: RedactOptions = {}): string {
    return super.redact(text, { mask: MASK, ...options }).replace(/(Bearer|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${MASK}`);
  }

  /** A line as the output channel shows it: masked, without control sequences, masked again. */
  show(text: string): string {
    return this.redact(stripControls(this.redact(text), { multiline: true }));
  }
}

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

export function enabled(level: LogLevel, message: Exclude<LogLevel, 'off'>): boolean {
  return level !== 'off' && LOG_LEVELS.indexOf(message) <= LOG_LEVELS.indexOf(level);
}
