import { randomUUID } from 'node:crypto';
import { businessScopedUserId } from './ids.js';
import { digitsOf } from './payloads.js';
import type { CustomerBehaviour, CustomerBehaviourInput, CustomerOptions, CustomerRecord } from './types.js';

export const DEFAULT_BEHAVIOUR: CustomerBehaviour = {
  autoDeliver: true,
  autoRead: true,
  skipDelivered: false,
  readBeforeDelivered: false,
  playVoiceNotes: true,
  onWhatsApp: true,
  delaysMs: { sent: 10, delivered: 20, read: 30, played: 30 },
};

const HOUR = 3600_000;

/**
 * The same person written differently (spec §13): Argentina 549… / 54…, Mexico 521… / 52…,
 * Brazil with or without the ninth digit. Meta answers with the wa_id it knows.
 */
export function phoneVariants(digits: string): string[] {
  const variants = [digits];
  if (/^549\d{10}$/.test(digits)) variants.push(`54${digits.slice(3)}`);
  else if (/^54\d{10}$/.test(digits)) variants.push(`549${digits.slice(2)}`);
  if (/^521\d{10}$/.test(digits)) variants.push(`52${digits.slice(3)}`);
  else if (/^52\d{10}$/.test(digits)) variants.push(`521${digits.slice(2)}`);
  if (/^55\d{2}9\d{8}$/.test(digits)) variants.push(`55${digits.slice(2, 4)}${digits.slice(5)}`);
  else if (/^55\d{2}\d{8}$/.test(digits)) variants.push(`55${digits.slice(2, 4)}9${digits.slice(4)}`);
  return variants;
}

/** Customers per business number, each with their customer service window. */
export class CustomerRegistry {
  private readonly byKey = new Map<string, CustomerRecord>();

  constructor(private readonly defaults: () => CustomerBehaviour) {}

  /** Creates the customer, or updates name/ids/behaviour of the one with this wa_id. */
  ensure(phoneNumberId: string, options: CustomerOptions): CustomerRecord {
    const waId = digitsOf(options.waId);
    if (!waId) throw new Error('customer: waId must contain digits');
    const existing = this.find(phoneNumberId, waId, { exact: true });
    const userId = options.userId === true ? (existing?.userId ?? businessScopedUserId()) : options.userId;
    if (existing) {
      existing.name = options.name ?? existing.name;
      if (userId !== undefined) existing.userId = userId;
      if (options.parentUserId !== undefined) existing.parentUserId = options.parentUserId;
      if (options.username !== undefined) existing.username = options.username;
      if (options.hidePhoneNumber !== undefined) existing.hidePhoneNumber = options.hidePhoneNumber;
      if (options.behaviour) this.setBehaviour(existing, options.behaviour);
      return existing;
    }
    const base = this.defaults();
    const record: CustomerRecord = {
      key: randomUUID(),
      phoneNumberId,
      waId,
      name: options.name,
      ...(userId ? { userId } : {}),
      ...(options.parentUserId ? { parentUserId: options.parentUserId } : {}),
      ...(options.username ? { username: options.username } : {}),
      hidePhoneNumber: options.hidePhoneNumber ?? false,
      behaviour: { ...base, ...options.behaviour, delaysMs: { ...base.delaysMs, ...options.behaviour?.delaysMs } },
    };
    this.byKey.set(record.key, record);
    return record;
  }

  setBehaviour(record: CustomerRecord, behaviour: CustomerBehaviourInput): void {
    record.behaviour = { ...record.behaviour, ...behaviour, delaysMs: { ...record.behaviour.delaysMs, ...behaviour.delaysMs } };
  }

  /** Finds a customer by wa_id, also under the number's regional variants unless exact. */
  find(phoneNumberId: string, phone: string, options: { exact?: boolean } = {}): CustomerRecord | undefined {
    const candidates = options.exact ? [digitsOf(phone)] : phoneVariants(digitsOf(phone));
    return this.list(phoneNumberId).find((customer) => candidates.includes(customer.waId));
  }

  get(key: string): CustomerRecord | undefined {
    return this.byKey.get(key);
  }

  list(phoneNumberId?: string): CustomerRecord[] {
    return [...this.byKey.values()].filter((customer) => !phoneNumberId || customer.phoneNumberId === phoneNumberId);
  }

  /** A customer message opens or refreshes the window: 24 h, or 72 h after an ad (free entry point). */
  openWindow(record: CustomerRecord, at: number, fromAd = false): void {
    const expiresAt = at + (fromAd ? 72 : 24) * HOUR;
    record.windowExpiresAt = Math.max(record.windowExpiresAt ?? 0, expiresAt);
  }

  isWindowOpen(record: CustomerRecord, now: number): boolean {
    return record.windowExpiresAt !== undefined && now < record.windowExpiresAt;
  }
}
