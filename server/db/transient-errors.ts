// SQLSTATE classes and codes that say "the database could not do it now", not "this input is bad":
// 08 connection exceptions, 53 insufficient resources (too many connections, disk full), 57P01–57P03
// shutdown / crash / starting up, 40001 serialization failure, 40P01 deadlock.
const transientClasses = ['08', '53'];
const transientCodes = new Set(['57P01', '57P02', '57P03', '40001', '40P01']);
// What node-postgres and Node's sockets say when the connection is gone, and PGlite once closed.
const transientSystemCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const transientMessages = [/connection terminated/i, /timeout exceeded when trying to connect/i, /not queryable/i, /pool after calling end/i, /PGlite is closed/i];

/**
 * Whether an error (or one it wraps, as Drizzle wraps the driver's) comes from the database being
 * unreachable, restarting or busy rather than from the work itself: trying again later can succeed.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (transientCodes.has(code) || transientSystemCodes.has(code) || (code.length === 5 && transientClasses.includes(code.slice(0, 2))))) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && transientMessages.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}
