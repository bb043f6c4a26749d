import { redact } from '../../../api/errors';
import { MASK } from '../../../core/mask';

/**
 * The last line of defence against leaks: every token and secret value the extension handles is registered here,
 * and every line written to the output channel passes through `redact`. Code should never log a value in the
 * first place; this catches the mistake if it does.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers values to hide. Very short values are not registered: masking every "a" would garble the log. */
  add(...values: (string | undefined)[]): void {
    for (const v of values) if (v && v.length >= 4) this.secrets.add(v);
  }

  delete(value: string | undefined): void {
    if (value) this.secrets.delete(value);
  }

  redact(text: string): string {
    return redact(text, this.secrets, MASK).replace(/(Bearer|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${MASK}`);
  }
}

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

export function enabled(level: LogLevel, message: Exclude<LogLevel, 'off'>): boolean {
  return level !== 'off' && LOG_LEVELS.indexOf(message) <= LOG_LEVELS.indexOf(level);
}
