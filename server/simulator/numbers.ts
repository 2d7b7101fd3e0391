import { defaultTemplates } from './templates.js';
import type { AddNumberOptions, BusinessNumber, TemplateDefinition } from './types.js';
import { graphId } from './ids.js';

const DEFAULT_PAIR_RATE = { burst: 10, intervalMs: 6_000 };

/** The business numbers Bandeja connects, and the templates of their WABAs. */
export class NumberRegistry {
  private readonly numbers = new Map<string, BusinessNumber>();
  private readonly templates = new Map<string, TemplateDefinition[]>();

  add(options: AddNumberOptions): BusinessNumber {
    for (const key of ['phoneNumberId', 'wabaId', 'displayPhoneNumber', 'verifiedName', 'accessToken', 'appSecret', 'webhookUrl'] as const) {
      if (typeof options[key] !== 'string' || options[key] === '') throw new Error(`addNumber: ${key} is required`);
    }
    if (options.phoneNumberId === options.wabaId) throw new Error('addNumber: phoneNumberId and wabaId must differ (both are Graph object ids)');
    const number: BusinessNumber = {
      phoneNumberId: options.phoneNumberId,
      wabaId: options.wabaId,
      displayPhoneNumber: options.displayPhoneNumber,
      verifiedName: options.verifiedName,
      accessToken: options.accessToken,
      appSecret: options.appSecret,
      webhookUrl: options.webhookUrl,
      verifyToken: options.verifyToken,
      throughputPerSecond: options.throughputPerSecond === undefined ? 80 : options.throughputPerSecond || null,
      pairRate: options.pairRate === undefined ? { ...DEFAULT_PAIR_RATE } : options.pairRate,
      rateLimitHttpStatus: options.rateLimitHttpStatus ?? 400,
      qualityRating: options.qualityRating ?? 'GREEN',
      webhookMediaUrl: options.webhookMediaUrl ?? false,
    };
    this.numbers.set(number.phoneNumberId, number);
    if (options.templates) this.templates.set(number.wabaId, options.templates.map((t) => ({ ...t, id: t.id ?? graphId() })));
    else if (!this.templates.has(number.wabaId)) this.templates.set(number.wabaId, defaultTemplates());
    return number;
  }

  /** Changes settings of a connected number (limits, webhook URL, token rotation…). */
  update(phoneNumberId: string, changes: Partial<Omit<AddNumberOptions, 'phoneNumberId' | 'wabaId' | 'templates'>>): BusinessNumber {
    const number = this.require(phoneNumberId);
    const { throughputPerSecond, ...rest } = changes;
    Object.assign(number, Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)));
    if (throughputPerSecond !== undefined) number.throughputPerSecond = throughputPerSecond || null;
    return number;
  }

  remove(phoneNumberId: string): boolean {
    return this.numbers.delete(phoneNumberId);
  }

  get(phoneNumberId: string): BusinessNumber | undefined {
    return this.numbers.get(phoneNumberId);
  }

  require(phoneNumberId: string): BusinessNumber {
    const number = this.numbers.get(phoneNumberId);
    if (!number) throw new Error(`No simulated number ${phoneNumberId}: call addNumber first`);
    return number;
  }

  all(): BusinessNumber[] {
    return [...this.numbers.values()];
  }

  inWaba(wabaId: string): BusinessNumber[] {
    return this.all().filter((number) => number.wabaId === wabaId);
  }

  isWaba(id: string): boolean {
    return this.all().some((number) => number.wabaId === id);
  }

  /** Does this bearer token belong to any number (a valid token for another object)? */
  knowsToken(token: string): boolean {
    return this.all().some((number) => number.accessToken === token);
  }

  templatesOf(wabaId: string): TemplateDefinition[] {
    return this.templates.get(wabaId) ?? [];
  }

  setTemplates(wabaId: string, templates: TemplateDefinition[]): void {
    this.templates.set(wabaId, templates.map((t) => ({ ...t, id: t.id ?? graphId() })));
  }
}
