/** One error type for every failed call: the UI branches on `code`, never on the server's English message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }

  /** Field problems keyed by the field name without its location prefix ("body.email" → "email"). */
  get fields(): Record<string, string> {
    const list = (this.details as { fields?: { path: string; message: string }[] } | undefined)?.fields ?? [];
    return Object.fromEntries(list.map((field) => [field.path.split('.').slice(1).join('.') || field.path, field.message]));
  }

  get retryAfterSeconds(): number | undefined {
    const value = (this.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    return typeof value === 'number' ? value : undefined;
  }
}

// The session's CSRF token; kept here so every write sends it without threading it through components.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  // POST routes without a body still accept `{}`; DELETE sends nothing (the server rejects an empty JSON body).
  const payload = method === 'POST' || method === 'PUT' || method === 'PATCH' ? JSON.stringify(body ?? {}) : undefined;
  if (payload !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : 'Network error', undefined);
  }
  if (response.status === 204) return undefined as T;
  return parseResponse<T>(response.status, response.statusText, await response.text());
}

function parseResponse<T>(status: number, statusText: string, text: string): T {
  const json: unknown = text ? safeParse(text) : undefined;
  if (status < 200 || status >= 300) {
    const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    throw new ApiError(
      status,
      typeof error?.code === 'string' ? error.code : status === 413 ? 'payload_too_large' : 'internal',
      typeof error?.message === 'string' ? error.message : statusText,
      error?.details,
    );
  }
  return json as T;
}

export type UploadOptions = { onProgress?: (fraction: number) => void; signal?: AbortSignal };

/**
 * Posts multipart form data with the CSRF token. XMLHttpRequest rather than fetch because only it
 * reports upload progress; the browser sets the multipart content type and boundary itself.
 */
function upload<T>(path: string, form: FormData, { onProgress, signal }: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1${path}`);
    request.withCredentials = true;
    request.setRequestHeader('accept', 'application/json');
    if (csrfToken) request.setRequestHeader('x-csrf-token', csrfToken);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    request.onload = () => {
      try {
        resolve(parseResponse<T>(request.status, request.statusText, request.responseText));
      } catch (error) {
        reject(error);
      }
    };
    request.onerror = () => reject(new ApiError(0, 'network', 'Network error', undefined));
    request.onabort = () => reject(new ApiError(0, 'aborted', 'Upload cancelled', undefined));
    if (signal?.aborted) return request.abort();
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(form);
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload,
};

export const isSignedOutError = (error: unknown) =>
  error instanceof ApiError && (error.code === 'unauthenticated' || error.code === 'session_expired');
