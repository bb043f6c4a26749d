/**
 * Qovery over the shared transport: `Authorization: Token <token>` (the API token scheme of openapi.yaml's
 * ApiKeyAuth: "Prefix your token with \"Token \""), plain JSON answers (lists are `{results: [...]}`), no
 * pagination on the endpoints used here. The spec defines no error body, so the message of an error is the
 * body's `message` (or `error`, `detail`, `title`) when it is JSON, else the body's text as it is: a 400's
 * text reaches the user verbatim (only a token or a secret value in it is masked, control sequences are removed,
 * and it is cut at 2,000 characters: after masking, by the transport).
 */
import { ApiError } from '../errors';
import { isRecord, ShapeError } from '../shape';
import { Transport, type ClientOptions, type ErrorDetails, type HttpMethod, type RequestOptions } from '../transport';

export const QOVERY_DEFAULT_URL = 'https://api.qovery.com';

export type QoveryClientOptions = ClientOptions;

export interface CallOptions {
  signal?: AbortSignal;
}

export function parseQoveryError(body: unknown, text: string): ErrorDetails {
  if (isRecord(body)) {
    for (const field of ['message', 'error', 'detail', 'title']) {
      const value = body[field];
      if (typeof value === 'string' && value.trim()) return { message: value.trim() };
    }
    return {};
  }
  const trimmed = text.trim();
  if (!trimmed || /^<(!doctype|html)/i.test(trimmed)) return {};
  return { message: trimmed };
}

export class QoveryHttp {
  readonly transport: Transport;

  constructor(options: QoveryClientOptions) {
    this.transport = new Transport({ ...options, platform: 'qovery', baseUrl: options.baseUrl ?? QOVERY_DEFAULT_URL, authScheme: 'Token', parseError: (body, text) => parseQoveryError(body, text) });
  }

  async json<T>(method: HttpMethod, path: string, parse: (body: unknown) => T, options: RequestOptions = {}): Promise<T> {
    const response = await this.transport.request(method, path, options);
    try {
      return parse(response.body);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      throw new ApiError({
        platform: 'qovery', kind: 'bad-response', method, path, platformMessage: e.message, requestId: response.requestId,
        mayHaveBeenApplied: method !== 'GET',
        hint: method === 'GET'
          ? 'This is not what the Qovery API documents: check --api-url, or report it with the request id.'
          : 'The request was accepted, so it has probably been applied: check the state in Qovery before running it again.',
      });
    }
  }

  async send(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<void> {
    await this.transport.request(method, path, options);
  }
}
