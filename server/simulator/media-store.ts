import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { SimClock } from './clock.js';
import { graphId } from './ids.js';

/** Media kinds and their limits (spec §11). */
export const MEDIA_LIMITS = {
  image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 },
  video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * 1024 * 1024 },
  audio: { mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * 1024 * 1024 },
  // Animated stickers may be 500 KB, static ones 100 KB; the bytes alone do not say which.
  sticker: { mimeTypes: ['image/webp'], maxBytes: 500 * 1024 },
  document: {
    mimeTypes: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.ms-excel',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * 1024 * 1024,
  },
} as const;

export type MediaKind = keyof typeof MEDIA_LIMITS;

export function baseMimeType(mimeType: string): string {
  return mimeType.split(';')[0]!.trim().toLowerCase();
}

export function mediaKindOf(mimeType: string): MediaKind | undefined {
  const base = baseMimeType(mimeType);
  return (Object.keys(MEDIA_LIMITS) as MediaKind[]).find((kind) => (MEDIA_LIMITS[kind].mimeTypes as readonly string[]).includes(base));
}

/** Why an upload is refused, or undefined when it fits the limits. */
export function uploadProblem(mimeType: string, size: number): string | undefined {
  const kind = mediaKindOf(mimeType);
  if (!kind) return `Param file must be a file with one of the following types: ${Object.values(MEDIA_LIMITS).flatMap((l) => l.mimeTypes).join(', ')}. Received file of type '${baseMimeType(mimeType)}'.`;
  const { maxBytes } = MEDIA_LIMITS[kind];
  if (size > maxBytes) return `File is too big: ${kind} files are limited to ${maxBytes} bytes, received ${size} bytes.`;
  if (size === 0) return 'File is empty.';
  return undefined;
}

export interface StoredMedia {
  id: string;
  ownerPhoneNumberId: string;
  bytes: Buffer;
  mimeType: string;
  /** base64 SHA-256, as webhooks carry it. */
  sha256: string;
  sha256Hex: string;
  filename?: string;
  origin: 'upload' | 'customer';
  createdAt: number;
}

const UPLOAD_LIFETIME_MS = 30 * 24 * 3600_000;
const INBOUND_LIFETIME_MS = 7 * 24 * 3600_000;

/**
 * Media uploaded by Bandeja and media sent by customers. Download URLs are signed, carry their
 * expiry (5 minutes of simulator time by default) and need the owner number's token.
 */
export class MediaStore {
  private readonly items = new Map<string, StoredMedia>();
  private readonly urlKey = randomBytes(16);

  constructor(
    private readonly clock: SimClock,
    private readonly urlTtlMs = 5 * 60_000,
  ) {}

  add(input: { ownerPhoneNumberId: string; bytes: Buffer; mimeType: string; filename?: string; origin: StoredMedia['origin'] }): StoredMedia {
    const digest = createHash('sha256').update(input.bytes).digest();
    const media: StoredMedia = {
      id: graphId(),
      ...input,
      sha256: digest.toString('base64'),
      sha256Hex: digest.toString('hex'),
      createdAt: this.clock.now(),
    };
    this.items.set(media.id, media);
    return media;
  }

  /** The media if it exists and has not outlived Meta's retention (30 days uploads, 7 inbound). */
  get(id: string): StoredMedia | undefined {
    const media = this.items.get(id);
    if (!media) return undefined;
    const lifetime = media.origin === 'upload' ? UPLOAD_LIFETIME_MS : INBOUND_LIFETIME_MS;
    return this.clock.now() - media.createdAt > lifetime ? undefined : media;
  }

  delete(id: string): boolean {
    return this.items.delete(id);
  }

  /** A lookaside-style URL under the simulator's origin, valid for urlTtlMs. */
  downloadUrl(baseUrl: string, media: StoredMedia): string {
    const expires = String(Math.floor((this.clock.now() + this.urlTtlMs) / 1000));
    const hash = this.sign(media.id, expires);
    return `${baseUrl}/whatsapp_business/attachments/?mid=${media.id}&ext=${expires}&hash=${hash}`;
  }

  /** Resolves a download URL's query; expired, tampered or unknown URLs give undefined. */
  resolveDownload(query: { mid?: string; ext?: string; hash?: string }): StoredMedia | undefined {
    const { mid, ext, hash } = query;
    if (!mid || !ext || !hash || hash !== this.sign(mid, ext)) return undefined;
    if (Number(ext) * 1000 < this.clock.now()) return undefined;
    return this.get(mid);
  }

  private sign(id: string, expires: string): string {
    return createHmac('sha256', this.urlKey).update(`${id}:${expires}`).digest('base64url').slice(0, 22);
  }
}
