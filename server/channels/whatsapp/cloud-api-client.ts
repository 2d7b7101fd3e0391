import { parseStorableJson } from '../../../contracts/text.js';
import { FormData } from 'undici';
import { OutboundRefusedError, type OutboundGuard, ResponseTooLargeError, readLimited } from '../../lib/outbound-guard.js';
import { GraphError, GraphRefusedError, graphErrorFromBody } from './graph-errors.js';

export type CloudApiCredentials = { apiBaseUrl: string; apiVersion: string; accessToken: string };

const DEFAULT_TIMEOUT_MS = 15_000;
/** Graph's JSON answers are small; media downloads have their own cap (Meta's largest document). */
const MAX_JSON_BYTES = 1024 * 1024;
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

export const META_GRAPH_ORIGIN = 'https://graph.facebook.com';
export const GRAPH_BASE_URL_PROBLEM = `must be ${META_GRAPH_ORIGIN}; another address needs its origin in the server’s OUTBOUND_ALLOWED_ORIGINS`;
/** Where Meta's media download URLs point (lookaside.fbsbx.com and its CDNs). */
const metaMediaHosts = ['.fbsbx.com', '.fbcdn.net', '.whatsapp.net'];

/**
 * Why a number's Graph API base URL is refused, or null: it must be Meta's, unless the server's
 * configuration lists its origin (the simulator, a test double, an on-premises proxy).
 */
export function graphBaseUrlProblem(guard: OutboundGuard, baseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.origin === META_GRAPH_ORIGIN || guard.isListed(url)) return null;
  return GRAPH_BASE_URL_PROBLEM;
}

/** Whether the client may send a number's token to this URL: Meta's Graph API and media hosts, or a listed origin. */
function isGraphDestination(guard: OutboundGuard, target: string): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  if (guard.isListed(url)) return true;
  return url.protocol === 'https:' && (url.origin === META_GRAPH_ORIGIN || metaMediaHosts.some((suffix) => url.hostname.endsWith(suffix)));
}

/**
 * A thin client for the Graph endpoints Bandeja uses, calling through the outbound-request guard.
 * Every failure becomes a classified GraphError whose message is safe to show: a remote server's
 * own words only come from a Graph-shaped error body, cut and cleaned (graph-errors.ts).
 */
export class CloudApiClient {
  constructor(
    private readonly guard: OutboundGuard,
    private readonly credentials: CloudApiCredentials,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  private url(path: string) {
    return `${this.credentials.apiBaseUrl.replace(/\/+$/, '')}/${this.credentials.apiVersion}/${path}`;
  }

  private async call<T>(method: string, url: string, body?: unknown, init: { raw?: boolean; form?: FormData } = {}): Promise<T> {
    try {
      if (!isGraphDestination(this.guard, url)) throw new GraphRefusedError(`The Graph API address is not allowed: ${graphBaseUrlProblem(this.guard, url) ?? 'not a Graph API address'}`, null, 'address_not_allowed');
      const response = await this.guard.fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.credentials.accessToken}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.form ?? (body !== undefined ? JSON.stringify(body) : undefined),
        timeoutMs: this.timeoutMs,
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        throw new GraphRefusedError(`Graph API answered with a redirect (HTTP ${response.status}), which is not followed`, response.status);
      }
      const bytes = await readLimited(response, init.raw && response.ok ? MAX_MEDIA_BYTES : MAX_JSON_BYTES);
      if (!response.ok) throw graphErrorFromBody(response.status, bytes);
      if (init.raw) return bytes as T;
      // Meta's words are text from outside too: stored (templates, names) under the rule of contracts/text.ts.
      return parseStorableJson(bytes.toString('utf8')) as T;
    } catch (error) {
      if (error instanceof GraphError) throw error;
      if (error instanceof OutboundRefusedError) throw new GraphRefusedError(`The Graph API address is not allowed: ${error.reason}`, null, 'address_not_allowed');
      if (error instanceof ResponseTooLargeError) throw new GraphRefusedError(`Graph API answer refused: ${error.message}`);
      if (error instanceof SyntaxError) throw new GraphError(502, null, 'Graph API answered something that is not JSON');
      // Network failures: a category only, never the system's text (it names internal hosts and ports).
      throw new GraphError(null, null, `Graph API unreachable: ${networkFailure(error)}`);
    }
  }

  getPhoneNumber(phoneNumberId: string) {
    return this.call<{ id: string; display_phone_number?: string; verified_name?: string; quality_rating?: string }>(
      'GET',
      this.url(encodeURIComponent(phoneNumberId)),
    );
  }

  sendMessage(phoneNumberId: string, body: Record<string, unknown>) {
    return this.call<{ messages: { id: string }[]; contacts?: { input: string; wa_id: string }[] }>(
      'POST',
      this.url(`${encodeURIComponent(phoneNumberId)}/messages`),
      { messaging_product: 'whatsapp', ...body },
    );
  }

  markRead(phoneNumberId: string, messageId: string, typing: boolean) {
    return this.call<{ success: boolean }>('POST', this.url(`${encodeURIComponent(phoneNumberId)}/messages`), {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: messageId,
      ...(typing ? { typing_indicator: { type: 'text' } } : {}),
    });
  }

  /** The numbers of a WhatsApp Business Account, one page (ids only). */
  listPhoneNumbers(wabaId: string, after?: string) {
    const query = new URLSearchParams({ limit: '100', fields: 'id', ...(after ? { after } : {}) });
    return this.call<{ data: { id: string }[]; paging?: { cursors?: { after?: string }; next?: string } }>(
      'GET',
      `${this.url(`${encodeURIComponent(wabaId)}/phone_numbers`)}?${query}`,
    );
  }

  listTemplates(wabaId: string, after?: string) {
    const query = new URLSearchParams({ limit: '100', ...(after ? { after } : {}) });
    return this.call<{ data: TemplateRecord[]; paging?: { cursors?: { after?: string }; next?: string } }>(
      'GET',
      `${this.url(`${encodeURIComponent(wabaId)}/message_templates`)}?${query}`,
    );
  }

  getMedia(mediaId: string) {
    return this.call<{ url: string; mime_type: string; sha256: string; file_size: string | number; id: string }>(
      'GET',
      this.url(encodeURIComponent(mediaId)),
    );
  }

  downloadMedia(url: string) {
    return this.call<Buffer>('GET', url, undefined, { raw: true });
  }

  uploadMedia(phoneNumberId: string, file: { bytes: Buffer; mimeType: string; filename: string }) {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', file.mimeType);
    form.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
    return this.call<{ id: string }>('POST', this.url(`${encodeURIComponent(phoneNumberId)}/media`), undefined, { form });
  }
}

export type TemplateRecord = {
  id?: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components?: unknown[];
};

function networkFailure(error: unknown): string {
  if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') return 'timed out';
  const code = (error as { cause?: { code?: string } }).cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was reset';
  return 'could not connect';
}
