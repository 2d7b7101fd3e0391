import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where media bytes live. The data folder today; an S3-compatible store can implement the same. */
export type FileStorage = {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
};

export function localFileStorage(root: string): FileStorage {
  const resolve = (key: string) => {
    const full = path.resolve(root, key);
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error('Invalid storage key');
    return full;
  };
  return {
    async put(key, bytes) {
      const full = resolve(key);
      await mkdir(path.dirname(full), { recursive: true });
      // Write then rename: a crash never leaves a half file under the final name.
      const temporary = `${full}.${process.pid}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, full);
    },
    get: (key) => readFile(resolve(key)),
  };
}

export function sha256Base64(bytes: Buffer) {
  return createHash('sha256').update(bytes).digest('base64');
}
export function sha256Hex(bytes: Buffer) {
  return createHash('sha256').update(bytes).digest('hex');
}
