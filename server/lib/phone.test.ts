import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';

/** How people in each country write a mobile number, and the one form the contact is keyed by. */
describe('normalizePhone', () => {
  it.each([
    // Argentina: the mobile 9 after +54, the trunk 0 and the 15 before the local number.
    ['+54 9 11 2345-6789', 'AR', '+5491123456789'],
    ['+54 11 2345 6789', 'AR', '+5491123456789'],
    ['011 15 2345-6789', 'AR', '+5491123456789'],
    ['11 2345 6789', 'AR', '+5491123456789'],
    ['5491123456789', 'AR', '+5491123456789'],
    ['0351 15 612-3456', 'AR', '+5493516123456'],
    // Mexico: the 1 after +52 and the 044/045 prefixes dropped in 2020.
    ['+52 1 55 1234 5678', 'MX', '+525512345678'],
    ['+52 55 1234 5678', 'MX', '+525512345678'],
    ['55 1234 5678', 'MX', '+525512345678'],
    ['044 55 1234 5678', 'MX', '+525512345678'],
    ['5215512345678', 'MX', '+525512345678'],
    // Spain.
    ['+34 612 34 56 78', 'ES', '+34612345678'],
    ['612 345 678', 'ES', '+34612345678'],
    ['0034 612345678', 'ES', '+34612345678'],
    // Colombia.
    ['300 123 4567', 'CO', '+573001234567'],
    ['+57 300 1234567', 'CO', '+573001234567'],
    // Brazil: the ninth digit of mobiles, with or without it.
    ['+55 11 98765-4321', 'BR', '+5511987654321'],
    ['+55 11 8765-4321', 'BR', '+5511987654321'],
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['5511987654321', 'BR', '+5511987654321'],
    // United States.
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+1 415-555-2671', 'AR', '+14155552671'],
  ])('%s in %s is %s', (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });

  it('reads a number with its country code the same whatever the workspace country', () => {
    expect(normalizePhone('+34 612 34 56 78', 'AR')).toBe('+34612345678');
    expect(normalizePhone('+54 9 11 2345-6789', 'MX')).toBe('+5491123456789');
  });

  it.each(['hola', '12', '', '+', '1234567890123456789012345678901234567890123'])('refuses %j', (input) => {
    expect(normalizePhone(input, 'AR')).toBeNull();
  });
});
