/**
 * PostgreSQL's text for a `timestamptz` ("2026-09-03 10:57:38.291261+00", DateStyle ISO, any offset)
 * as ISO 8601 in UTC with `digits` fraction digits: 3 is what `Date#toISOString` prints, 6 keeps
 * PostgreSQL's microseconds (a Date would truncate them). Hot reads (the inbox list) take timestamps
 * as text through this instead of parsing a Date and printing it again. Like node-postgres's own date
 * parsing, it needs the connection's DateStyle to be ISO (PostgreSQL's default).
 */
export function isoFromPg(text: string, digits: 3 | 6): string {
  // The common case, a UTC session: rearrange the characters.
  if (text.length >= 22 && text.endsWith('+00') && text[4] === '-' && text[10] === ' ') {
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction(text.slice(20, -3), digits)}Z`;
  }
  const parts = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?$/.exec(text);
  if (!parts) throw new Error(`not a PostgreSQL timestamptz: ${text}`);
  const [, year, month, day, hour, minute, second, frac = '', sign, offsetHours, offsetMinutes = '0', offsetSeconds = '0'] = parts;
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60 + Number(offsetSeconds));
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) - offset * 1000;
  return `${new Date(utc).toISOString().slice(0, 19)}.${fraction(frac, digits)}Z`;
}

/** PostgreSQL drops trailing zeros of the fraction (".5", or none at all): pad, then truncate as Date does. */
function fraction(digitsGiven: string, digits: 3 | 6) {
  return digitsGiven.length === digits ? digitsGiven : (digitsGiven + '000000').slice(0, digits);
}
