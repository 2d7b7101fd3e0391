import { describe, expect, it } from 'vitest';
import { canonicalPhone } from './phone-numbers.js';

describe('canonicalPhone', () => {
  it.each([
    ['5511987654321', '+5511987654321'],
    ['551187654321', '+5511987654321'],
    ['5491123456789', '+5491123456789'],
    ['541123456789', '+5491123456789'],
    ['5215512345678', '+525512345678'],
    ['525512345678', '+525512345678'],
    ['16505551234', '+16505551234'],
    ['+34 612 34 56 78', '+34612345678'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalPhone(raw)).toBe(expected);
  });

  it('keeps Brazilian landlines (starting 2-5) as they are, and refuses garbage', () => {
    expect(canonicalPhone('551133334444')).toBe('+551133334444');
    expect(canonicalPhone('12')).toBeNull();
  });
});
