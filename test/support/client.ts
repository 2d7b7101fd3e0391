import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A browser-like caller: keeps the session cookie and sends the CSRF token on writes. */
export class TestClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  bearer: string | undefined;
  /** Each client is its own "device", so per-address rate limits apply per client as in real life. */
  remoteAddress = `127.${rand()}.${rand()}.${rand()}`;

  constructor(private readonly t: TestApp) {}

  static withToken(t: TestApp, token: string) {
    const client = new TestClient(t);
    client.bearer = token;
    return client;
  }

  async request(method: Method, url: string, body?: unknown, options: { csrf?: boolean; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (method !== 'GET' && this.csrfToken && options.csrf !== false) headers['x-csrf-token'] = this.csrfToken;
    const response = await this.t.app.inject({
      method,
      url,
      remoteAddress: this.remoteAddress,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    this.absorb(response);
    return response;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body);
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body);
  put = (url: string, body?: unknown) => this.request('PUT', url, body);
  delete = (url: string) => this.request('DELETE', url);

  private absorb(response: LightMyRequestResponse) {
    const setCookie = response.cookies.find((cookie) => cookie.name === 'bandeja_session');
    if (setCookie) this.cookie = setCookie.value ? `bandeja_session=${setCookie.value}` : undefined;
    const json = safeJson(response);
    if (json && typeof json === 'object' && 'csrfToken' in json) this.csrfToken = String(json.csrfToken);
  }
}

function safeJson(response: LightMyRequestResponse): unknown {
  try {
    return response.json();
  } catch {
    return undefined;
  }
}

function rand() {
  return Math.floor(Math.random() * 250) + 1;
}
