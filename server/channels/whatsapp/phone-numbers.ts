/**
 * WhatsApp sends numbers as digits with the country code, and the same person can appear in
 * variants. One canonical E.164 form per person lets them merge into one contact:
 * - Brazil: mobiles with or without the ninth digit (55 + area + [9] + 8 digits) → with it.
 * - Argentina: mobiles as 549 + 10 digits or 54 + 10 digits → with the 9.
 * - Mexico: mobiles as 521 + 10 digits (legacy) or 52 + 10 digits → without the 1.
 */
export function canonicalPhone(raw: string): string | null {
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return null;
  let canonical = digits;
  if (/^55\d{10}$/.test(digits) && /^[6-9]/.test(digits.slice(4))) {
    canonical = `${digits.slice(0, 4)}9${digits.slice(4)}`;
  } else if (/^54[1-8]\d{9}$/.test(digits)) {
    canonical = `549${digits.slice(2)}`;
  } else if (/^521\d{10}$/.test(digits)) {
    canonical = `52${digits.slice(3)}`;
  }
  return `+${canonical}`;
}
