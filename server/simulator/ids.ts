import { randomBytes, randomInt } from 'node:crypto';

/**
 * Identifiers shaped like Meta's. A wamid is base64 of a small binary record: the customer's
 * number, a direction byte (0x11 business → customer, 0x12 customer → business) and a hex id.
 * Bandeja must treat them as opaque, but realistic ids catch length and charset assumptions.
 */
export function wamid(waId: string, direction: 'inbound' | 'outbound'): string {
  const phone = Buffer.from(waId.replace(/\D/g, '') || '0', 'ascii');
  const hex = (direction === 'inbound' ? '3A' : '') + randomBytes(9).toString('hex').toUpperCase();
  const record = Buffer.concat([
    Buffer.from([0x1c, 0x18, phone.length]),
    phone,
    Buffer.from([0x15, 0x02, 0x00, direction === 'inbound' ? 0x12 : 0x11, 0x18, hex.length]),
    Buffer.from(hex, 'ascii'),
    Buffer.from([0x00]),
  ]);
  return `wamid.${record.toString('base64')}`;
}

/** Numeric Graph object id (media, templates): 15–16 digits, never starting with 0. */
export function graphId(): string {
  let id = String(randomInt(1, 10));
  const length = randomInt(15, 17);
  while (id.length < length) id += String(randomInt(0, 10));
  return id;
}

/** fbtrace_id: 23 url-safe characters starting with "A", like Meta's. */
export function fbtraceId(): string {
  return `A${randomBytes(17).toString('base64url').slice(0, 22)}`;
}

export function conversationId(): string {
  return randomBytes(16).toString('hex');
}

/** A business-scoped user id (BSUID) such as "US.13491208655302741918". */
export function businessScopedUserId(country = 'US'): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 20) digits += String(randomInt(0, 10));
  return `${country}.${digits}`;
}
