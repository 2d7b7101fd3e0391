import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { canonicalPhone } from '../channels/whatsapp/phone-numbers.js';

/**
 * A phone number as people write it (`+54 9 11 2345-6789`, `011 15 2345-6789`, `5491123456789`)
 * in the one canonical E.164 form contacts are keyed by, or null when it is not a possible number.
 * National forms are read in the workspace's default country (libphonenumber-js knows the local
 * trunk and mobile prefixes: Argentina's 0 and 15, Mexico's 044/045); the WhatsApp variants
 * (Brazil's ninth digit, Argentina's 9, Mexico's old 1) then collapse as `canonicalPhone` does.
 */
export function normalizePhone(input: string, defaultCountry: string): string | null {
  const trimmed = input.trim();
  if (!/\d/.test(trimmed) || trimmed.length > 40) return null;
  const international = trimmed.startsWith('+') || trimmed.startsWith('00');
  const country = isSupportedCountry(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  const text = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(text, international ? undefined : country);
  if (parsed?.isPossible()) return canonicalPhone(parsed.number);
  const digits = trimmed.replace(/\D/g, '');
  // Mexico's numbering dropped the mobile 1 after +52 and the 044/045 prefixes in 2020; people still write them.
  if (country === 'MX' && !international && /^04[45]\d{10}$/.test(digits)) return normalizePhone(digits.slice(3), 'MX');
  // International digits in an old variant (+52 1 …), or with the country code but no '+' (how WhatsApp writes wa_ids).
  if (international || digits.length >= 10) {
    const canonical = canonicalPhone(trimmed.startsWith('00') ? digits.slice(2) : digits);
    const again = canonical ? parsePhoneNumberFromString(canonical) : undefined;
    if (again && (international ? again.isPossible() : again.isValid())) return canonicalPhone(again.number);
  }
  return null;
}

export const isCountryCode = (value: string) => isSupportedCountry(value);
