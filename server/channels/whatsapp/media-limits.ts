/** WhatsApp's outbound media limits (spec §11), checked before anything is uploaded. */
const limits: Record<string, { types: string[]; maxBytes: number }> = {
  image: { types: ['image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 },
  video: { types: ['video/mp4', 'video/3gpp'], maxBytes: 16 * 1024 * 1024 },
  audio: { types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * 1024 * 1024 },
  sticker: { types: ['image/webp'], maxBytes: 500 * 1024 },
  document: { types: [], maxBytes: 100 * 1024 * 1024 },
};

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** The WhatsApp media kind for a MIME type, or an explanation of why it cannot be sent. */
export function checkOutboundMedia(mimeType: string, size: number, kind?: string): { kind: string } | { problem: string } {
  const base = mimeType.split(';')[0]!.trim().toLowerCase();
  const chosen = kind ?? Object.entries(limits).find(([name, rule]) => name !== 'document' && rule.types.includes(base))?.[0] ?? 'document';
  const rule = limits[chosen];
  if (!rule) return { problem: `unknown media kind ${chosen}` };
  if (rule.types.length && !rule.types.includes(base)) return { problem: `${chosen} must be one of ${rule.types.join(', ')}` };
  if (size > rule.maxBytes) return { problem: `${chosen} must be at most ${Math.round(rule.maxBytes / 1024 / 1024) || rule.maxBytes / 1024} ${rule.maxBytes >= 1024 * 1024 ? 'MB' : 'KB'}` };
  if (size === 0) return { problem: 'the file is empty' };
  return { kind: chosen };
}
