import { deflateSync } from 'node:zlib';

/**
 * Small but well-formed sample files for customer media, so Bandeja can download, hash and even
 * display what a simulated customer sends without any fixture files on disk.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 96×96 PNG gradient; `seed` varies the colours so two samples have different hashes. */
export function samplePng(seed = 0): Buffer {
  const size = 96;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows: number[] = [];
  for (let y = 0; y < size; y += 1) {
    rows.push(0);
    for (let x = 0; x < size; x += 1) rows.push((37 + x * 2 + seed * 53) % 256, (120 + y * 2) % 256, (200 + seed * 17) % 256);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The smallest valid baseline JPEG (1×1, grey). */
export function sampleJpeg(): Buffer {
  return Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'base64',
  );
}

/** A 1×1 lossy WebP sticker. */
export function sampleWebp(): Buffer {
  return Buffer.from('UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA', 'base64');
}

/** An Ogg page carrying an Opus identification header (what a voice note starts with). */
export function sampleOggOpus(): Buffer {
  const opusHead = Buffer.concat([Buffer.from('OpusHead', 'ascii'), Buffer.from([1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0])]);
  const page = Buffer.concat([
    Buffer.from('OggS', 'ascii'),
    Buffer.from([0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0x53, 0x49, 0x4d, 0x31, 0, 0, 0, 0, 0, 0, 0, 0, 1, opusHead.length]),
    opusHead,
  ]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32(page));
  crc.copy(page, 22);
  return page;
}

/** An MP4 `ftyp` box followed by an empty `mdat`: enough for type sniffing. */
export function sampleMp4(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom', 'ascii'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2', 'ascii')]);
  return Buffer.concat([ftyp, Buffer.from([0, 0, 0, 8]), Buffer.from('mdat', 'ascii')]);
}

/** A one-page PDF saying `text`. */
export function samplePdf(text = 'Bandeja simulator sample'): Buffer {
  const safe = text.replace(/[()\\]/g, '');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 18 Tf 24 72 Td (${safe}) Tj ET`.length} >>\nstream\nBT /F1 18 Tf 24 72 Td (${safe}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

export type SampleMedia = { bytes: Buffer; mimeType: string; filename?: string };

/** Default file for each customer media type. */
export function sampleFor(kind: 'image' | 'video' | 'audio' | 'voice' | 'document' | 'sticker', seed = 0): SampleMedia {
  switch (kind) {
    case 'image':
      return { bytes: samplePng(seed), mimeType: 'image/png' };
    case 'video':
      return { bytes: sampleMp4(), mimeType: 'video/mp4' };
    case 'audio':
      return { bytes: sampleOggOpus(), mimeType: 'audio/ogg' };
    case 'voice':
      return { bytes: sampleOggOpus(), mimeType: 'audio/ogg; codecs=opus' };
    case 'document':
      return { bytes: samplePdf(), mimeType: 'application/pdf', filename: 'documento.pdf' };
    case 'sticker':
      return { bytes: sampleWebp(), mimeType: 'image/webp' };
  }
}
