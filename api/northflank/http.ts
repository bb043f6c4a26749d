/**
 * Northflank's envelopes over the shared transport: `Authorization: Bearer <token>`, answers `{data}` (lists add
 * `pagination: {hasNextPage, cursor, count}`, the last page without a cursor), errors
 * `{error: {status, message, id, details}}` (the error shape is the one @northflank/js-client reads).
 */
import { ApiError } from '../errors';
import { isRecord, ShapeError, record } from '../shape';
import { Transport, type ClientOptions, type ErrorDetails, type HttpMethod, type RequestOptions } from '../transport';
import type { ProjectScope } from './types';

export const NORTHFLANK_DEFAULT_URL = 'https://api.northflank.com';

/** Northflank's largest page (the JS client's list endpoints: "Maximum of 100 results per page"). */
export const NORTHFLANK_PAGE_SIZE = 100;

/** A list longer than this many pages is taken as a pagination loop. */
const MAX_PAGES = 1000;

export type NorthflankClientOptions = ClientOptions;

export interface CallOptions {
  signal?: AbortSignal;
}

export function parseNorthflankError(body: unknown): ErrorDetails {
  if (!isRecord(body) || !isRecord(body.error)) return {};
  const { message, id, details } = body.error;
  let text = typeof message === 'string' && message.trim() ? message.trim() : undefined;
  // Validation errors may list their causes in `details`; keep their messages (never their values).
  const causes = Array.isArray(details)
    ? details.map((d) => (typeof d === 'string' ? d : isRecord(d) && typeof d.message === 'string' ? d.message : undefined)).filter((d): d is string => !!d)
    : [];
  if (causes.length) text = `${text ?? 'Invalid request'} (${causes.slice(0, 5).join('; ')})`;
  return { message: text, requestId: typeof id === 'string' ? id : undefined };
}

const enc = encodeURIComponent;

export class NorthflankHttp {
  readonly transport: Transport;

  constructor(options: NorthflankClientOptions) {
    this.transport = new Transport({ ...options, platform: 'northflank', baseUrl: options.baseUrl ?? NORTHFLANK_DEFAULT_URL, authScheme: 'Bearer', parseError: parseNorthflankError });
  }

  /** `/v1/projects/{projectId}` or `/v1/teams/{teamId}/projects/{projectId}`, then the given segments. */
  projectPath(scope: ProjectScope, ...segments: string[]): string {
    const base = scope.teamId ? `/v1/teams/${enc(scope.teamId)}/projects/${enc(scope.projectId)}` : `/v1/projects/${enc(scope.projectId)}`;
    return base + segments.map((s) => `/${enc(s)}`).join('');
  }

  teamPath(teamId: string | undefined, ...segments: string[]): string {
    const base = teamId ? `/v1/teams/${enc(teamId)}` : '/v1';
    return base + segments.map((s) => `/${enc(s)}`).join('');
  }

  /** Sends a request and returns its `data`, checked by `parse`. */
  async data<T>(method: HttpMethod, path: string, parse: (data: unknown) => T, options: RequestOptions = {}): Promise<T> {
    const response = await this.transport.request(method, path, options);
    return this.#parse(method, path, response.body, response.requestId, (body) => parse(record(body, 'the answer').data));
  }

  /** Like `data`, but a 404 is an answer: undefined. */
  async dataOrUndefined<T>(method: HttpMethod, path: string, parse: (data: unknown) => T, options: RequestOptions = {}): Promise<T | undefined> {
    const response = await this.transport.request(method, path, { ...options, accept: [404] });
    if (response.status === 404) return undefined;
    return this.#parse(method, path, response.body, response.requestId, (body) => parse(record(body, 'the answer').data));
  }

  /** Every item of a paginated list: follows `pagination.cursor` while `hasNextPage`. */
  async list<T>(path: string, key: string, parseItem: (value: unknown, where: string) => T, options: CallOptions = {}): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await this.transport.request('GET', path, { query: { per_page: NORTHFLANK_PAGE_SIZE, cursor }, signal: options.signal });
      const next = this.#parse('GET', path, response.body, response.requestId, (body) => {
        const answer = record(body, 'the answer');
        const data = record(answer.data, 'data');
        const list = data[key];
        if (!Array.isArray(list)) throw new ShapeError(`data.${key} is not a list`);
        const offset = items.length;
        list.forEach((item, i) => items.push(parseItem(item, `item ${offset + i + 1} of data.${key}`)));
        const pagination = answer.pagination === undefined ? undefined : record(answer.pagination, 'pagination');
        if (!pagination || pagination.hasNextPage !== true) return undefined;
        if (typeof pagination.cursor !== 'string' || pagination.cursor === '') throw new ShapeError('pagination.hasNextPage is true but there is no cursor');
        if (seen.has(pagination.cursor)) throw new ShapeError('pagination.cursor repeats a page already read');
        return pagination.cursor;
      });
      if (next === undefined) return items;
      seen.add(next);
      cursor = next;
    }
    throw this.#badResponse('GET', path, `more than ${MAX_PAGES} pages`);
  }

  #parse<T>(method: HttpMethod, path: string, body: unknown, requestId: string | undefined, parse: (body: unknown) => T): T {
    try {
      return parse(body);
    } catch (e) {
      if (e instanceof ShapeError) throw this.#badResponse(method, path, e.message, requestId);
      throw e;
    }
  }

  #badResponse(method: HttpMethod, path: string, message: string, requestId?: string): ApiError {
    return new ApiError({
      platform: 'northflank', kind: 'bad-response', method, path, platformMessage: message, requestId,
      mayHaveBeenApplied: method !== 'GET',
      hint: method === 'GET'
        ? 'This is not what the Northflank API documents: check --api-url, or report it with the request id.'
        : 'The request was accepted, so it has probably been applied: check the state in Northflank before running it again.',
    });
  }
}
