import { createHmac } from 'node:crypto';

/**
 * Serialises a webhook body the way Meta does: JSON with every non-ASCII UTF-16 unit escaped as
 * `\uXXXX` (lowercase hex, emoji as surrogate pairs), so the signed bytes are pure ASCII and a
 * receiver that re-serialises instead of verifying the raw bytes fails the signature check.
 * `escapeSlashes` additionally writes `/` as `\/` (PHP style; unverified for WhatsApp).
 */
export function serialiseLikeMeta(payload: unknown, options: { escapeSlashes?: boolean } = {}): string {
  const json = JSON.stringify(payload).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return options.escapeSlashes ? json.replace(/\//g, '\\/') : json;
}

/** `X-Hub-Signature-256` value: HMAC-SHA256 of the exact bytes with the app secret. */
export function signatureOf(body: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** Legacy `X-Hub-Signature` (SHA-1) that Meta still sends beside the SHA-256 one. */
export function sha1SignatureOf(body: string | Buffer, appSecret: string): string {
  return `sha1=${createHmac('sha1', appSecret).update(body).digest('hex')}`;
}
