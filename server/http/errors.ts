/** Stable error codes: clients branch on these, never on messages. Documented in docs/api.md. */
export const errorStatus = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  session_expired: 401,
  invalid_token: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  cross_origin_request: 403,
  no_workspace: 403,
  not_found: 404,
  conflict: 409,
  already_taken: 409,
  stale_reply: 409,
  email_taken: 409,
  already_member: 409,
  setup_done: 409,
  last_owner: 409,
  version_conflict: 409,
  contact_merged: 409,
  idempotency_in_progress: 409,
  import_not_undoable: 409,
  marketing_opt_out: 422,
  idempotency_key_reused: 422,
  window_closed: 422,
  invitation_invalid: 410,
  reset_link_invalid: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  account_locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = errorStatus[code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'Your role does not allow this action') => new AppError('forbidden', message);
