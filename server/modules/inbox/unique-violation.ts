import { AppError } from '../../http/errors.js';

export const isUniqueViolation = (error: unknown) => {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
};

/** Runs work and turns a unique-key violation into 409 naming the field. */
export function uniqueViolation(message: string, path: string) {
  return async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', message, { fields: [{ path, message: 'is already used' }] });
      throw error;
    }
  };
}
