import { GraphError } from './graph-errors.js';

export type CloudApiCredentials = { apiBaseUrl: string; apiVersion: string; accessToken: string };

type GraphErrorBody = { error?: { message?: string; code?: number; error_data?: { details?: string } } };

const DEFAULT_TIMEOUT_MS = 15_000;

/** A thin client for the Graph endpoints Bandeja uses. Every failure becomes a classified GraphError. */
export class CloudApiClient {
  constructor(
    private readonly credentials: CloudApiCredentials,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  private url(path: string) {
    return `${this.credentials.apiBaseUrl.replace(/\/+$/, '')}/${this.credentials.apiVersion}/${path}`;
  }

  private async call<T>(method: string, url: string, body?: unknown, init: { raw?: boolean; form?: FormData } = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.credentials.accessToken}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.form ?? (body !== undefined ? JSON.stringify(body) : undefined),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message;
      throw new GraphError(null, null, `Graph API unreachable: ${reason}`);
    }
    if (!response.ok) {
      const payload = (await response.json().catch(() => ({}))) as GraphErrorBody;
      throw new GraphError(
        response.status,
        payload.error?.code ?? null,
        payload.error?.message ?? `Graph API answered HTTP ${response.status}`,
        payload.error?.error_data?.details,
      );
    }
    if (init.raw) return Buffer.from(await response.arrayBuffer()) as T;
    return (await response.json()) as T;
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
