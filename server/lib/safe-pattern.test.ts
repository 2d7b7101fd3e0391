import { describe, expect, it } from 'vitest';
import { compileSafePattern, MAX_SUBJECT_LENGTH, patternRefusal, patternSubject } from './safe-pattern.js';

const matches = (pattern: string, text: string) => compileSafePattern(pattern).test(patternSubject(text));

describe('admin-written patterns', () => {
  it('run in linear time: (a+)+$ on 40 a’s and a ! answers at once (backtracking would take minutes)', () => {
    const started = performance.now();
    expect(matches('(a+)+$', `${'a'.repeat(40)}!`)).toBe(false);
    expect(matches('(a+)+$', 'a'.repeat(MAX_SUBJECT_LENGTH))).toBe(true);
    expect(matches('(.*a){20}x', 'a'.repeat(MAX_SUBJECT_LENGTH))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('match case-insensitively on the text without accents, punctuation kept', () => {
    expect(matches('\\d{3}-\\d{4}', 'llamame al 555-1234')).toBe(true);
    expect(matches('\\d{3}-\\d{4}', 'llamame al 5551234')).toBe(false);
    expect(matches('cotizacion', 'Necesito una COTIZACIÓN')).toBe(true);
    expect(matches('cotización', 'necesito una cotizacion')).toBe(true);
    expect(matches('^envío', 'Envio demorado')).toBe(true);
    expect(matches('(reclamo|queja|denuncia)', 'Quiero hacer una QUEJA formal')).toBe(true);
    expect(matches('\\S+@\\S+', 'mi mail es ana@example.com')).toBe(true);
  });

  it('read only the first 4,000 characters of a text', () => {
    expect(matches('pedido', `${'x'.repeat(MAX_SUBJECT_LENGTH - 6)}pedido`)).toBe(true);
    expect(matches('pedido', `${'x'.repeat(MAX_SUBJECT_LENGTH)}pedido`)).toBe(false);
    expect(compileSafePattern('pedido').test(`${'x'.repeat(MAX_SUBJECT_LENGTH)}pedido`)).toBe(false);
  });

  it('refuse what RE2 does not run, and what would compile too large, with a reason', () => {
    expect(patternRefusal('precio(?!s)')?.reason).toBe('lookaround');
    expect(patternRefusal('(?=.*envio)')?.reason).toBe('lookaround');
    expect(patternRefusal('(?<=pedido )\\d+')?.reason).toBe('lookaround');
    expect(patternRefusal('(?<!no )quiero')?.reason).toBe('lookaround');
    expect(patternRefusal('(\\w)\\1')?.reason).toBe('backreference');
    expect(patternRefusal('(?<x>\\w)\\k<x>')?.reason).toBe('backreference');
    expect(patternRefusal('\\w{500}')?.reason).toBe('too_large');
    expect(patternRefusal('(a{1000}){1000}')?.reason).toBe('too_large');
    expect(patternRefusal('a{1001}')?.reason).toBe('too_large');
    expect(patternRefusal('x'.repeat(201))?.reason).toBe('too_long');
    const syntax = patternRefusal('(sin cerrar');
    expect(syntax?.reason).toBe('syntax');
    expect(syntax?.message).toBe('is not a valid regular expression (missing closing ): `(sin cerrar`)');
    expect(patternRefusal('pedido\\s*#?\\d+')).toBeNull();
    expect(patternRefusal('(?<numero>\\d+)')).toBeNull();
    expect(() => compileSafePattern('precio(?!s)')).toThrow('uses a lookahead or lookbehind');
  });
});
