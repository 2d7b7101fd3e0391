import { FileText, Film, ImageIcon, Music, Paperclip, X } from 'lucide-react';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../app/api-client.js';
import type { SendReply } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { type MessageKey, type Translate, useI18n, useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { IconButton } from '../../ui/button.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { Spinner } from '../../ui/spinner.js';

export type AttachmentKind = 'image' | 'video' | 'audio' | 'document';
export type Attachment = { file: File; kind: AttachmentKind };

const megabytes = 1024 * 1024;
/** WhatsApp caps captions at 1024 characters; the composer allows 4096 for plain text. */
export const maxCaptionLength = 1024;

// WhatsApp's outbound limits, as server/channels/whatsapp/media-limits.ts checks them again on upload.
const rules: Record<AttachmentKind, { types: string[]; maxBytes: number; unsupported?: MessageKey }> = {
  image: { types: ['image/jpeg', 'image/png'], maxBytes: 5 * megabytes, unsupported: 'composer.attachment.unsupportedImage' },
  video: { types: ['video/mp4', 'video/3gpp'], maxBytes: 16 * megabytes, unsupported: 'composer.attachment.unsupportedVideo' },
  audio: { types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * megabytes, unsupported: 'composer.attachment.unsupportedAudio' },
  document: { types: [], maxBytes: 100 * megabytes },
};

// Names browsers give some files that WhatsApp knows by another.
const aliases: Record<string, string> = { 'image/jpg': 'image/jpeg', 'audio/mp3': 'audio/mpeg', 'audio/x-m4a': 'audio/mp4', 'audio/m4a': 'audio/mp4' };

type Refusal = { key: MessageKey; vars: Record<string, string> };

/**
 * The WhatsApp message type for a file, or why WhatsApp would refuse it. Pictures, videos and sound in
 * formats WhatsApp cannot play are refused rather than sent as documents, which the agent would not expect.
 */
export function classifyAttachment(file: File, locale: string): { attachment: Attachment } | { refusal: Refusal } {
  const declared = file.type.split(';')[0]!.trim().toLowerCase();
  const mimeType = aliases[declared] ?? declared;
  const family = mimeType.split('/')[0];
  const kind: AttachmentKind = family === 'image' || family === 'video' || family === 'audio' ? family : 'document';
  const rule = rules[kind];
  const vars = { name: file.name, size: formatSize(file.size, locale), limit: formatSize(rule.maxBytes, locale) };
  if (rule.unsupported && !rule.types.includes(mimeType)) return { refusal: { key: rule.unsupported, vars } };
  if (file.size === 0) return { refusal: { key: 'composer.attachment.empty', vars } };
  if (file.size > rule.maxBytes) return { refusal: { key: 'composer.attachment.tooLarge', vars } };
  // Upload under the name WhatsApp knows, or the server would take an .m4a for a document.
  const normalised = mimeType === declared ? file : new File([file], file.name, { type: mimeType, lastModified: file.lastModified });
  return { attachment: { file: normalised, kind } };
}

export function formatSize(bytes: number, locale: string): string {
  const [value, unit] = bytes < 1024 ? [bytes, 'byte'] : bytes < megabytes ? [bytes / 1024, 'kilobyte'] : [bytes / megabytes, 'megabyte'];
  // "70 bytes", but "5 MB": the short form of byte reads oddly in English.
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: unit === 'byte' ? 'long' : 'short', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}

/** The message that sends an uploaded file; audio carries no caption on WhatsApp. */
export function mediaMessage({ file, kind }: Attachment, mediaId: string, caption: string, replyTo: string | undefined): SendReply {
  const withCaption = caption ? { caption } : {};
  const quote = replyTo ? { replyTo } : {};
  if (kind === 'image') return { type: 'image', image: { mediaId, ...withCaption }, ...quote };
  if (kind === 'video') return { type: 'video', video: { mediaId, ...withCaption }, ...quote };
  if (kind === 'audio') return { type: 'audio', audio: { mediaId }, ...quote };
  return { type: 'document', document: { mediaId, filename: file.name.slice(0, 240), ...withCaption }, ...quote };
}

/**
 * The file chosen for the next reply and its upload to the conversation's WhatsApp number. A file that
 * uploaded once is not uploaded again when only the send failed (a stale reply, a network blip).
 */
export function useAttachment(channelId: string) {
  const { locale } = useI18n();
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const uploaded = useRef<{ file: File; mediaId: string } | null>(null);
  const inFlight = useRef<AbortController | null>(null);

  useEffect(() => () => inFlight.current?.abort(), []);

  const choose = (file: File) => {
    const result = classifyAttachment(file, locale);
    setError(null);
    if ('refusal' in result) {
      setRefusal(result.refusal);
      return;
    }
    inFlight.current?.abort();
    setRefusal(null);
    setAttachment(result.attachment);
  };

  const clear = () => {
    inFlight.current?.abort();
    setAttachment(null);
    setRefusal(null);
    setError(null);
  };

  /** Uploads the chosen file and resolves to its WhatsApp media id, or null (the error is kept for display). */
  const upload = async (): Promise<string | null> => {
    if (!attachment) return null;
    if (uploaded.current?.file === attachment.file) return uploaded.current.mediaId;
    const controller = new AbortController();
    inFlight.current = controller;
    setError(null);
    setProgress(0);
    const form = new FormData();
    form.append('file', attachment.file, attachment.file.name);
    try {
      const result = await api.upload<{ mediaId: string }>(`/channels/${channelId}/media`, form, { onProgress: setProgress, signal: controller.signal });
      uploaded.current = { file: attachment.file, mediaId: result.mediaId };
      return result.mediaId;
    } catch (failure) {
      if (!(failure instanceof ApiError && failure.code === 'aborted')) setError(failure);
      return null;
    } finally {
      if (inFlight.current === controller) inFlight.current = null;
      setProgress(null);
    }
  };

  return { attachment, refusal, progress, uploading: progress !== null, error, choose, clear, upload };
}

/** The paperclip: opens the file picker. The input stays in the DOM so tests and assistive tools can reach it. */
export function AttachButton({ onChoose, disabled }: { onChoose: (file: File) => void; disabled?: boolean }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        aria-label={t('composer.attach')}
        title={t('composer.attach')}
        disabled={disabled}
        onClick={() => input.current?.click()}
        className={cx('rounded-lg p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 disabled:opacity-50', focusRing)}
      >
        <Paperclip className="size-5" aria-hidden="true" />
      </button>
      <input
        ref={input}
        type="file"
        hidden
        tabIndex={-1}
        data-testid="attachment-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so choosing the same file again after removing it still fires a change.
          event.target.value = '';
          if (file) onChoose(file);
        }}
      />
    </>
  );
}

const kindIcons = { image: ImageIcon, video: Film, audio: Music, document: FileText } as const;

/** The chosen file above the textarea: a thumbnail for pictures, otherwise an icon, with its name and size. */
export function AttachmentChip({ attachment, progress, onRemove }: { attachment: Attachment; progress: number | null; onRemove: () => void }) {
  const t = useT();
  const { locale } = useI18n();
  const preview = useObjectUrl(attachment.kind === 'image' ? attachment.file : null);
  const Icon = kindIcons[attachment.kind];
  const percent = progress === null ? null : Math.round(progress * 100);
  return (
    <div data-testid="attachment" className="mb-2 flex items-center gap-3 rounded-lg bg-zinc-50 p-2 ring-1 ring-zinc-200 ring-inset">
      {preview ? (
        <img src={preview} alt="" className="size-12 shrink-0 rounded-md bg-white object-cover ring-1 ring-zinc-200" />
      ) : (
        <span className="flex size-12 shrink-0 items-center justify-center rounded-md bg-white text-zinc-500 ring-1 ring-zinc-200">
          <Icon className="size-6" aria-hidden="true" />
        </span>
      )}
      <span className="min-w-0 flex-1 text-[13px]">
        <span className="block truncate font-medium text-zinc-900">{attachment.file.name}</span>
        <span className="block text-zinc-500">
          {t(`inbox.type.${attachment.kind}`)} · {formatSize(attachment.file.size, locale)}
        </span>
        {percent !== null ? (
          <span role="status" className="mt-1 flex items-center gap-2 text-zinc-600">
            <Spinner />
            <span className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-200">
              <span className="block h-full rounded-full bg-emerald-600 transition-[width]" style={{ width: `${percent}%` }} />
            </span>
            <span className="shrink-0 tabular-nums">{t('composer.attachment.uploading', { percent })}</span>
          </span>
        ) : attachment.kind === 'audio' ? (
          <span className="mt-0.5 block text-xs text-zinc-500">{t('composer.attachment.noCaption')}</span>
        ) : null}
      </span>
      <IconButton
        onClick={onRemove}
        label={t('composer.attachment.remove')}
        className="rounded text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800"
        icon={<X className="size-4" aria-hidden="true" />}
      />
    </div>
  );
}

function useObjectUrl(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) {
      setUrl(null);
      return;
    }
    const created = URL.createObjectURL(file);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [file]);
  return url;
}

/** Why a file was not attached, cannot go with this caption, or did not upload, in the person's language. */
export function AttachmentProblem({ refusal, error, captionTooLong }: { refusal: Refusal | null; error: unknown; captionTooLong: number | null }) {
  const t = useT();
  if (!refusal && !error && captionTooLong === null) return null;
  const { message, detail } = refusal
    ? { message: t(refusal.key, refusal.vars), detail: undefined }
    : captionTooLong !== null
      ? { message: t('composer.attachment.captionTooLong', { count: captionTooLong }), detail: undefined }
      : uploadErrorMessage(t, error);
  return (
    <div className="mb-2">
      <Alert>
        {message}
        {detail ? <span className="mt-0.5 block text-xs text-red-700/80">{detail}</span> : null}
      </Alert>
    </div>
  );
}

// WhatsApp's own reason (its wording, in English) goes under our sentence: it is what support will ask for.
function uploadErrorMessage(t: Translate, error: unknown): { message: string; detail?: string } {
  if (error instanceof ApiError && (error.code === 'validation_failed' || error.code === 'unavailable' || error.code === 'unsupported_media_type')) {
    return { message: t('composer.attachment.refused'), detail: error.fields.file ?? error.message };
  }
  return { message: errorMessage(t, error) };
}

/** Dropping a file anywhere on the composer attaches it. */
export function useFileDrop(onFile: (file: File) => void, enabled: boolean) {
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed; count them to know when the pointer really left.
  const depth = useRef(0);
  const carriesFiles = (event: DragEvent) => enabled && event.dataTransfer.types.includes('Files');
  const handlers = {
    onDragEnter: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setDragging(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      const file = event.dataTransfer.files[0];
      if (file) onFile(file);
    },
  };
  return { dragging: enabled && dragging, handlers };
}

export function DropOverlay() {
  const t = useT();
  return (
    <div className="pointer-events-none absolute inset-1 z-10 flex items-center justify-center rounded-xl border-2 border-dashed border-emerald-500 bg-emerald-50/90 text-sm font-medium text-emerald-900">
      {t('composer.attachment.drop')}
    </div>
  );
}
