import type { FastifyInstance, FastifyRequest } from 'fastify';
import { graphError, unknownObjectError } from './error-codes.js';
import { runGraphCall } from './graph-pipeline.js';
import { baseMimeType, MEDIA_LIMITS, uploadProblem } from './media-store.js';
import type { GraphResult } from './send-message.js';
import type { SimulatorState } from './state.js';

const LARGEST_FILE = MEDIA_LIMITS.document.maxBytes;

type Upload = { fields: Record<string, string>; file?: { bytes: Buffer; filename: string; mimeType: string; truncated: boolean } };

/** Reads the multipart form, keeping the file in memory (uploads are at most 100 MB). */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  const upload: Upload = { fields: {} };
  for await (const part of request.parts({ limits: { fileSize: LARGEST_FILE + 1, files: 1 } })) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer().catch(() => Buffer.alloc(0));
      upload.file = { bytes, filename: part.filename, mimeType: part.mimetype, truncated: part.file.truncated };
    } else {
      upload.fields[part.fieldname] = String(part.value);
    }
  }
  return upload;
}

/**
 * Media endpoints (spec §11): upload (multipart) → id; lookup → a download URL valid 5 minutes of
 * simulator time; download with the bearer token; delete.
 */
export function registerMediaRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post('/:version/:phoneNumberId/media', async (request, reply) => {
    const { phoneNumberId } = request.params as { phoneNumberId: string };
    const number = state.numbers.get(phoneNumberId);
    let upload: Upload = { fields: {} };
    let formError: string | undefined;
    if (request.isMultipart()) upload = await readUpload(request).catch((error: Error) => ((formError = error.message), upload));
    else formError = 'The request must be multipart/form-data with the fields messaging_product, type and file.';
    const summary = {
      fields: upload.fields,
      file: upload.file ? { filename: upload.file.filename, mimeType: upload.file.mimeType, size: upload.file.bytes.length } : undefined,
    };
    return runGraphCall(state, request, reply, {
      endpoint: 'media-upload',
      owners: number ? [number] : [],
      body: summary,
      handle: ({ number: owner }): GraphResult => {
        if (formError) return graphError(100, { details: formError });
        if (upload.fields.messaging_product !== 'whatsapp') return graphError(131008, { details: 'The parameter messaging_product is required.' });
        if (!upload.file) return graphError(131008, { details: 'The parameter file is required.' });
        const mimeType = upload.fields.type || upload.file.mimeType;
        const size = upload.file.truncated ? LARGEST_FILE + 1 : upload.file.bytes.length;
        const problem = uploadProblem(mimeType, size);
        if (problem) return graphError(131053, { details: problem });
        const media = state.media.add({ ownerPhoneNumberId: owner.phoneNumberId, bytes: upload.file.bytes, mimeType, filename: upload.file.filename, origin: 'upload' });
        return { status: 200, body: { id: media.id } };
      },
    });
  });

  app.get('/whatsapp_business/attachments/', async (request, reply) => {
    const query = request.query as { mid?: string; ext?: string; hash?: string };
    const media = state.media.resolveDownload(query);
    const known = query.mid ? state.media.get(query.mid) : undefined;
    const owner = known ? state.numbers.get(known.ownerPhoneNumberId) : undefined;
    return runGraphCall(state, request, reply, {
      endpoint: 'media-download',
      owners: owner ? [owner] : state.numbers.all(),
      handle: () => {
        if (!media) return graphError(100, { httpStatus: 404, details: 'The media URL has expired or does not exist: look the media id up again.' });
        return {
          status: 200,
          raw: media.bytes,
          headers: {
            'content-type': baseMimeType(media.mimeType),
            'content-length': String(media.bytes.length),
            // A header carries Latin-1 only: the exact name goes percent-encoded (RFC 5987), as a real CDN sends it.
            'content-disposition': `inline;filename*=UTF-8''${encodeURIComponent(media.filename ?? media.id)}`,
          },
        };
      },
    });
  });
}

/** `GET /{ver}/{media-id}`: url, mime_type, sha256, file_size (a string), id. */
export function lookupMedia(state: SimulatorState, mediaId: string): GraphResult {
  const media = state.media.get(mediaId);
  if (!media) return unknownObjectError('get', mediaId);
  return {
    status: 200,
    body: {
      url: state.media.downloadUrl(state.baseUrl(), media),
      mime_type: media.mimeType,
      sha256: state.settings.mediaLookupSha256 === 'hex' ? media.sha256Hex : media.sha256,
      file_size: String(media.bytes.length),
      id: media.id,
      messaging_product: 'whatsapp',
    },
  };
}

export function deleteMedia(state: SimulatorState, mediaId: string): GraphResult {
  return state.media.delete(mediaId) ? { status: 200, body: { success: true } } : unknownObjectError('delete', mediaId);
}
