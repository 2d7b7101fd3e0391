import { createRequire } from 'node:module';
import path from 'node:path';
import { RE2JS } from 're2js';
import { MAX_SUBJECT_LENGTH, patternSubject } from '../server/lib/safe-pattern.js';

type Tester = { test(text: string): boolean };
type Engine = { name: string; compile(pattern: string): Tester };

export type RegexTypical = { pattern: string; microsPerText: Record<string, number> };
export type RegexEvil = { n: number; millis: Record<string, number | null> };
export type RegexWorst = { pattern: string; firstMillis: Record<string, number>; laterMillis: Record<string, number> };
export type RegexResult = { engines: string[]; re2Note: string; typical: RegexTypical[]; evil: RegexEvil[]; worstAtCap: RegexWorst[] };

export const TYPICAL_PATTERNS = ['\\d{3}-\\d{4}', 'pedido\\s*#?\\d+', '(reclamo|queja|denuncia)', '^hola', '\\S+@\\S+\\.com'];
const EVIL_PATTERN = '(a+)+$';
/**
 * The costliest kinds of pattern the program-size cap still accepts, each on a text made for it: no
 * literal for a prefilter, and (the second) a DFA whose states a random text keeps renewing.
 */
const WORST_AT_CAP: [string, (seed: number) => string][] = [
  ['\\p{L}{297}\\d', () => 'a'.repeat(MAX_SUBJECT_LENGTH)],
  ['(?:a|b)*a(?:a|b){140}x', (seed) => randomText('ab', seed)],
  ['[\\p{L}\\d]{297}x', (seed) => randomText('a1', seed)],
];

function randomText(letters: string, seed: number): string {
  let state = seed;
  return Array.from({ length: MAX_SUBJECT_LENGTH }, () => letters[(state = (state * 1103515245 + 12345) % 2 ** 31) % letters.length]).join('');
}
/** A native call slower than this ends the exponential series: the next n would take twice as long. */
const NATIVE_STOP_MS = 2000;

const WORDS = 'hola buenas tardes quisiera saber el precio del envio a cordoba mi pedido todavia no llego gracias por la atencion necesito una cotizacion para mayorista'.split(' ');

/** `count` customer texts of MAX_SUBJECT_LENGTH characters; every other one holds each typical pattern's match near its end. */
function texts(count: number): string[] {
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, (_, index) => {
    let text = '';
    while (text.length < MAX_SUBJECT_LENGTH) text += `${WORDS[Math.floor(random() * WORDS.length)]}${random() < 0.1 ? `, ${Math.floor(random() * 99)} ` : ' '}`;
    const tail = index % 2 === 0 ? ' pedido #4411 llamame al 555-1234 es un reclamo ana@example.com' : '';
    return patternSubject(`${index % 4 === 0 ? 'Hola, ' : ''}${text.slice(0, MAX_SUBJECT_LENGTH - tail.length)}${tail}`);
  });
}

/** The native binding, if `BENCH_RE2_DIR` (a folder with node_modules/re2) or this repo has it: it is not a dependency (docs/benchmarks.md says why). */
function loadRe2(): { engine: Engine | null; note: string } {
  const from = process.env.BENCH_RE2_DIR ? path.join(process.env.BENCH_RE2_DIR, 'package.json') : path.resolve('package.json');
  try {
    const RE2 = createRequire(from)('re2') as new (pattern: string, flags: string) => Tester;
    return { engine: { name: 're2 (native)', compile: (pattern) => new RE2(pattern, 'iu') }, note: `re2 loaded from ${path.dirname(from)}` };
  } catch {
    return { engine: null, note: 're2 not installed (set BENCH_RE2_DIR to a folder where `npm install re2` built it)' };
  }
}

function millisOf(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** Microseconds per text: the best of five rounds over all the texts, after a warm-up round. */
function microsPerText(tester: Tester, subjects: string[]): number {
  const round = () => millisOf(() => subjects.forEach((subject) => tester.test(subject)));
  round();
  const best = Math.min(...Array.from({ length: 5 }, round));
  return (best * 1000) / subjects.length;
}

/**
 * Admins' regular expressions: the native RegExp (baseline, on safe patterns), RE2JS (what routing
 * uses) and the native `re2` binding when it is installed, over 4,000-character customer texts; then
 * `(a+)+$` on n `a`s and a `!`, exponential with backtracking and linear with RE2; then the costliest
 * pattern the size cap lets through.
 */
export function benchRegex(): RegexResult {
  const re2 = loadRe2();
  const engines: Engine[] = [
    { name: 'native RegExp', compile: (pattern) => new RegExp(pattern, 'iu') },
    { name: 're2js', compile: (pattern) => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE) },
    ...(re2.engine ? [re2.engine] : []),
  ];
  const subjects = texts(200);
  const typical = TYPICAL_PATTERNS.map((pattern) => {
    const answers = engines.map((engine) => subjects.map((subject) => engine.compile(pattern).test(subject)).join());
    if (new Set(answers).size !== 1) throw new Error(`the engines disagree on ${pattern}`);
    return { pattern, microsPerText: Object.fromEntries(engines.map((engine) => [engine.name, microsPerText(engine.compile(pattern), subjects)])) };
  });
  const evil: RegexEvil[] = [];
  let nativeStopped = false;
  for (const n of [16, 18, 20, 22, 24, 26, 28, 1000, MAX_SUBJECT_LENGTH - 1]) {
    const subject = `${'a'.repeat(n)}!`;
    const millis: Record<string, number | null> = {};
    for (const engine of engines) {
      // Compiled afresh for each n: the first call, which also builds RE2's DFA states, is what an attack gets.
      const tester = engine.compile(EVIL_PATTERN);
      millis[engine.name] = engine.name === 'native RegExp' && (nativeStopped || n > 100) ? null : millisOf(() => tester.test(subject));
      if (engine.name === 'native RegExp' && (millis[engine.name] ?? 0) > NATIVE_STOP_MS) nativeStopped = true;
    }
    evil.push({ n, millis });
  }
  // The first call after compiling builds RE2's DFA states; later calls (on new texts of the same kind) may reuse them.
  const worstAtCap = WORST_AT_CAP.map(([pattern, textOf]) => {
    const firstMillis: Record<string, number> = {};
    const laterMillis: Record<string, number> = {};
    for (const engine of engines) {
      const tester = engine.compile(pattern);
      firstMillis[engine.name] = millisOf(() => tester.test(textOf(1)));
      laterMillis[engine.name] = Math.max(...[2, 3, 4].map((seed) => textOf(seed)).map((text) => millisOf(() => tester.test(text))));
    }
    return { pattern, firstMillis, laterMillis };
  });
  return { engines: engines.map((engine) => engine.name), re2Note: re2.note, typical, evil, worstAtCap };
}
