import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../../contracts/routing.js';
import type { ConversationRow } from '../conversations/conversations.repository.js';
import { type Candidate, chooseAgent, unavailability } from './choose-agent.js';
import { DEFAULT_KEYWORDS } from './default-rules.js';
import { defaultRoutingSettings } from './routing-settings.js';
import { evaluateRules, type Facts, normalizeText, type RuleLike } from './rules.js';
import { addOpenTime, currentClosing, describeOpening, isOpenAt, nextOpening, openTimeBetween } from './schedule.js';
import { computeSla } from './sla.js';

const nineToFive = (timeZone: string, extra: Partial<Schedule> = {}): Schedule => ({
  timeZone,
  weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [], sun: [] },
  daysOff: [],
  specialDays: [],
  ...extra,
});
const at = (iso: string) => new Date(iso);

describe('schedules across time zones', () => {
  it('opens at 09:00 local in Buenos Aires, Mexico City, Santiago and Madrid, DST changes included', () => {
    // Buenos Aires: UTC-3 all year.
    expect(isOpenAt(nineToFive('America/Argentina/Buenos_Aires'), at('2026-06-10T11:59:00Z'))).toBe(false);
    expect(isOpenAt(nineToFive('America/Argentina/Buenos_Aires'), at('2026-06-10T12:00:00Z'))).toBe(true);
    // Mexico City: no DST since 2022, UTC-6 in April and in November.
    expect(nextOpening(nineToFive('America/Mexico_City'), at('2026-04-06T06:00:00Z'))).toEqual(at('2026-04-06T15:00:00Z'));
    expect(nextOpening(nineToFive('America/Mexico_City'), at('2026-11-09T06:00:00Z'))).toEqual(at('2026-11-09T15:00:00Z'));
    // Santiago: summer time (UTC-3) ends on 5 April 2026; 09:00 is 12:00Z before and 13:00Z after.
    expect(nextOpening(nineToFive('America/Santiago'), at('2026-04-03T05:00:00Z'))).toEqual(at('2026-04-03T12:00:00Z'));
    expect(nextOpening(nineToFive('America/Santiago'), at('2026-04-06T05:00:00Z'))).toEqual(at('2026-04-06T13:00:00Z'));
    // Madrid: summer time starts on 29 March 2026; 09:00 is 08:00Z on Friday and 07:00Z on Monday.
    const madrid = nineToFive('Europe/Madrid');
    expect(isOpenAt(madrid, at('2026-03-27T07:30:00Z'))).toBe(false);
    expect(isOpenAt(madrid, at('2026-03-30T07:30:00Z'))).toBe(true);
    expect(currentClosing(madrid, at('2026-03-30T07:30:00Z'))).toEqual(at('2026-03-30T15:00:00Z'));
  });

  it('where DST starts at midnight (Santiago), the day after is still a whole day', () => {
    const always: Schedule = { ...nineToFive('America/Santiago'), weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])) as Schedule['weekly'] };
    // Sunday 7 September 2025: 00:00 does not exist in Santiago (clocks go to 01:00).
    for (const iso of ['2025-09-07T12:00:00Z', '2025-09-08T15:00:00Z', '2025-09-09T15:00:00Z']) expect(isOpenAt(always, at(iso)), iso).toBe(true);
    expect(isOpenAt(nineToFive('America/Santiago'), at('2025-09-08T12:30:00Z'))).toBe(true); // Monday 09:30, UTC-3 now
    expect(addOpenTime(nineToFive('America/Santiago'), at('2025-09-05T20:30:00Z'), 3600_000)).toEqual(at('2025-09-08T12:30:00Z'));
  });

  it('the night DST starts has one hour less of a shift that spans it', () => {
    const night: Schedule = { ...nineToFive('Europe/Madrid'), weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [['22:00', '24:00']], sun: [['00:00', '06:00']] } };
    // Saturday 28 March 22:00 CET → Sunday 29 March 06:00 CEST: 7 real hours, one span across midnight.
    expect(openTimeBetween(night, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toBe(7 * 3600_000);
    expect(currentClosing(night, at('2026-03-28T23:30:00Z'))).toEqual(at('2026-03-29T04:00:00Z'));
  });

  it('holidays close a day, special days open one, business time skips nights and weekends', () => {
    const shop = nineToFive('America/Argentina/Buenos_Aires', {
      daysOff: [{ from: '2026-12-25', to: '2026-12-25', name: 'Navidad' }],
      specialDays: [{ date: '2026-12-19', intervals: [['10:00', '14:00']] }],
    });
    expect(isOpenAt(shop, at('2026-12-25T15:00:00Z'))).toBe(false);
    expect(isOpenAt(shop, at('2026-12-24T15:00:00Z'))).toBe(true);
    expect(isOpenAt(shop, at('2026-12-19T14:00:00Z'))).toBe(true); // Saturday 11:00
    // Thursday 24 Dec 16:30 + 1 h of business time: 30 min that day, Friday is Christmas, the weekend is closed → Monday 28 at 09:30.
    expect(addOpenTime(shop, at('2026-12-24T19:30:00Z'), 3600_000)).toEqual(at('2026-12-28T12:30:00Z'));
    expect(nextOpening(shop, at('2026-12-24T21:00:00Z'))).toEqual(at('2026-12-28T12:00:00Z'));
    expect(describeOpening(at('2026-12-28T12:00:00Z'), at('2026-12-24T21:00:00Z'), shop.timeZone, 'es')).toBe('el lunes 28 a las 9:00');
    expect(describeOpening(at('2026-12-24T12:00:00Z'), at('2026-12-23T21:00:00Z'), shop.timeZone, 'es')).toBe('mañana a las 9:00');
    expect(describeOpening(at('2026-12-24T12:00:00Z'), at('2026-12-23T21:00:00Z'), shop.timeZone, 'en')).toBe('tomorrow at 9:00');
  });
});

const facts = (texts: string[], overrides: Partial<Facts> = {}): Facts => ({
  channelId: 'c1',
  texts,
  intent: null,
  priority: 'normal',
  contact: { vip: false, tags: [], customFields: {} },
  businessOpen: true,
  firstContact: true,
  ...overrides,
});
const rule = (name: string, conditions: RuleLike['conditions'], actions: Partial<RuleLike['actions']>, extra: Partial<RuleLike> = {}): RuleLike => ({
  id: name,
  name,
  enabled: true,
  match: 'all',
  conditions,
  actions: { teamId: null, priority: null, tagIds: [], intent: null, strategy: null, escalate: false, ...actions },
  stop: false,
  ...extra,
});
const words = (values: string[]) => [{ kind: 'text' as const, mode: 'keywords' as const, values }];
const defaults = [
  rule('VIP', [{ kind: 'vip', value: true }], { priority: 'high' }),
  rule('Urgente', words(DEFAULT_KEYWORDS.urgent), { priority: 'urgent' }),
  rule('Persona', words(DEFAULT_KEYWORDS.human), { escalate: true }),
  rule('Legal', words(DEFAULT_KEYWORDS.legalOrMoney), { escalate: true }),
  rule('Repite', [{ kind: 'repeated', times: 3 }], { escalate: true }),
  rule('Ventas', words(DEFAULT_KEYWORDS.sales), { teamId: 'ventas', strategy: 'round_robin' }),
  rule('Soporte', words(DEFAULT_KEYWORDS.support), { teamId: 'soporte', strategy: 'least_loaded' }),
];

describe('rules', () => {
  it('match keywords as words, ignoring case, accents and punctuation', () => {
    expect(normalizeText('¿Cuánto sale la COTIZACIÓN?')).toBe('cuanto sale la cotizacion');
    expect(evaluateRules(defaults, facts(['Hola, quería una cotizacion'])).teamId).toBe('ventas');
    expect(evaluateRules(defaults, facts(['Necesito una COTIZACIÓN urgente'])).priority).toBe('urgent');
    // "preciosa" is not "precio".
    expect(evaluateRules(defaults, facts(['qué preciosa foto'])).teamId).toBeNull();
    expect(evaluateRules(defaults, facts(['la app no funciona'])).teamId).toBe('soporte');
  });

  it('escalate Spanish requests with and without accents, explicit requests and repeated messages', () => {
    for (const text of ['Quiero hablar con una persona', 'quiero hablar con una PERSONA!!', 'Me contacto con mi abogado', 'pido la devolucion del dinero', 'Pido la devolución del dinero']) {
      expect(evaluateRules(defaults, facts([text])).escalate, text).toBe(true);
    }
    expect(evaluateRules(defaults, facts(['hola', 'Hola?', 'HOLA'])).escalate).toBe(true);
    expect(evaluateRules(defaults, facts(['hola', 'hola'])).escalate).toBe(false);
    // Repeats count in a row, at the end: "ok" three times over a long thread is not a complaint.
    expect(evaluateRules(defaults, facts(['ok', 'y el envío?', 'ok', 'gracias', 'ok'])).escalate).toBe(false);
    expect(evaluateRules(defaults, facts(['Gracias por la ayuda'])).escalate).toBe(false);
  });

  it('first team wins, highest priority wins, tags add up, stop ends the evaluation', () => {
    const rules = [
      rule('A', words(['precio']), { teamId: 'a', tagIds: ['t1'] }),
      rule('B', words(['precio']), { teamId: 'b', priority: 'high', tagIds: ['t2'] }, { stop: true }),
      rule('C', [], { priority: 'urgent' }),
    ];
    const outcome = evaluateRules(rules, facts(['precio']));
    expect(outcome).toMatchObject({ teamId: 'a', priority: 'high', tagIds: ['t1', 't2'] });
    expect(outcome.decisive?.name).toBe('A');
    expect(outcome.matched.map((r) => r.name)).toEqual(['A', 'B']);
  });

  it('conditions on number, VIP, contact tags and fields, business hours, first contact, regex, intent, priority; match any', () => {
    const vip = facts(['hola'], { contact: { vip: true, tags: ['Mayorista'], customFields: { plan: 'Oro', ciudad: 'Córdoba' } }, businessOpen: false, firstContact: false, intent: 'Compra', priority: 'high' });
    const check = (condition: RuleLike['conditions'][number], f = vip) => evaluateRules([rule('x', [condition], { priority: 'low' })], f).matched.length === 1;
    expect(check({ kind: 'channel', channelIds: ['c1'] })).toBe(true);
    expect(check({ kind: 'channel', channelIds: ['c2'] })).toBe(false);
    expect(check({ kind: 'vip', value: true })).toBe(true);
    expect(check({ kind: 'contact_tag', values: ['mayorista'] })).toBe(true);
    expect(check({ kind: 'contact_field', field: 'plan', op: 'equals', value: 'oro' })).toBe(true);
    expect(check({ kind: 'contact_field', field: 'ciudad', op: 'contains', value: 'cordo' })).toBe(true);
    expect(check({ kind: 'contact_field', field: 'email', op: 'exists', value: '' })).toBe(false);
    expect(check({ kind: 'business_hours', state: 'closed' })).toBe(true);
    expect(check({ kind: 'contact_history', value: 'returning' })).toBe(true);
    expect(check({ kind: 'intent', values: ['compra'] })).toBe(true);
    expect(check({ kind: 'priority', values: ['urgent'] })).toBe(false);
    expect(check({ kind: 'text', mode: 'regex', values: ['pedido\\s*#?\\d{4,}'] }, facts(['Mi pedido #12345 no llegó']))).toBe(true);
    expect(check({ kind: 'text', mode: 'regex', values: ['^envío'] }, facts(['Envio demorado']))).toBe(true);
    expect(check({ kind: 'text', mode: 'regex', values: ['\\d{3}-\\d{4}'] }, facts(['llamame al 555-1234']))).toBe(true);
    expect(check({ kind: 'text', mode: 'regex', values: ['\\S+@\\S+'] }, facts(['mi mail es ana@example.com']))).toBe(true);
    const any = rule('any', [{ kind: 'vip', value: false }, { kind: 'intent', values: ['compra'] }], {}, { match: 'any' });
    expect(evaluateRules([any], vip).matched).toHaveLength(1);
    expect(evaluateRules([{ ...any, match: 'all' }], vip).matched).toHaveLength(0);
    expect(evaluateRules([{ ...any, enabled: false }], vip).matched).toHaveLength(0);
  });
});

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const agent = (id: string, overrides: Partial<Candidate> = {}): Candidate => ({ id, name: id, active: true, onShift: true, status: 'online', open: 0, capacity: 1000, lastAssignedAt: null, ...overrides });

describe('choosing an agent', () => {
  it('round-robin over 1,000 conversations and k available agents: counts differ by at most one', () => {
    for (const k of [1, 2, 3, 5, 7, 12]) {
      const agents = Array.from({ length: k }, (_, i) => agent(`a${String(i).padStart(2, '0')}`));
      const counts = new Map<string, number>();
      let pointer: string | null = null;
      for (let n = 0; n < 1000; n++) {
        const { chosen } = chooseAgent('round_robin', agents, { pointer, stickyId: null });
        pointer = chosen!.id;
        counts.set(chosen!.id, (counts.get(chosen!.id) ?? 0) + 1);
      }
      const values = [...counts.values()];
      expect(values).toHaveLength(k);
      expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    }
  });

  it('property: with random availability changes nobody unavailable is chosen, capacity is never exceeded, and members always available stay within one', () => {
    for (let run = 0; run < 40; run++) {
      const steady = ['s1', 's2', 's3'].map((id) => agent(id));
      const flaky = ['f1', 'f2', 'f3', 'f4'].map((id) => agent(id, { capacity: 1 + Math.floor(random() * 5) }));
      const everyone = [...steady, ...flaky];
      let pointer: string | null = null;
      for (let n = 0; n < 300; n++) {
        for (const member of flaky) {
          member.onShift = random() > 0.3;
          member.status = (['online', 'online', 'away', 'offline'] as const)[Math.floor(random() * 4)]!;
          if (member.open > 0 && random() < 0.3) member.open--;
        }
        const strategy = random() < 0.5 ? 'round_robin' : 'least_loaded';
        const { chosen, skipped } = chooseAgent(strategy, everyone, { pointer, stickyId: null });
        expect(chosen).not.toBeNull();
        expect(unavailability(chosen!)).toBeNull();
        expect(chosen!.open).toBeLessThan(chosen!.capacity);
        for (const skip of skipped) expect(unavailability(everyone.find((m) => m.id === skip.id)!)).toBe(skip.reason);
        if (strategy === 'round_robin') pointer = chosen!.id;
        if (flaky.includes(chosen!)) chosen!.open++;
      }
      for (const member of flaky) expect(member.open).toBeLessThanOrEqual(member.capacity);
    }
    // Round-robin alone with flaky members: the always-available ones stay within one of each other.
    const steady = ['s1', 's2', 's3'].map((id) => agent(id));
    const flaky = ['f1', 'f2'].map((id) => agent(id));
    const counts = new Map<string, number>();
    let pointer: string | null = null;
    for (let n = 0; n < 1000; n++) {
      for (const member of flaky) member.status = random() < 0.5 ? 'online' : 'away';
      const { chosen } = chooseAgent('round_robin', [...steady, ...flaky], { pointer, stickyId: null });
      pointer = chosen!.id;
      counts.set(chosen!.id, (counts.get(chosen!.id) ?? 0) + 1);
    }
    const steadyCounts = steady.map((member) => counts.get(member.id) ?? 0);
    expect(Math.max(...steadyCounts) - Math.min(...steadyCounts)).toBeLessThanOrEqual(1);
  });

  it('least-loaded takes the lowest open/capacity and breaks ties by the longest wait since the last assignment', () => {
    const a = agent('a', { open: 2, capacity: 4, lastAssignedAt: 100 });
    const b = agent('b', { open: 1, capacity: 4, lastAssignedAt: 300 });
    const c = agent('c', { open: 1, capacity: 4, lastAssignedAt: 200 });
    expect(chooseAgent('least_loaded', [a, b, c], { pointer: null, stickyId: null }).chosen?.id).toBe('c');
    const full = agent('d', { open: 3, capacity: 3 });
    expect(chooseAgent('least_loaded', [full], { pointer: null, stickyId: null })).toEqual({ chosen: null, skipped: [{ id: 'd', name: 'd', reason: 'at_capacity' }] });
  });

  it('sticky returns the previous agent when available, else falls back to round-robin; queue assigns nobody', () => {
    const agents = [agent('a'), agent('b'), agent('c', { status: 'away' })];
    expect(chooseAgent('sticky', agents, { pointer: 'a', stickyId: 'a' }).chosen?.id).toBe('a');
    expect(chooseAgent('sticky', agents, { pointer: 'a', stickyId: 'c' }).chosen?.id).toBe('b');
    expect(chooseAgent('queue', agents, { pointer: null, stickyId: null }).chosen).toBeNull();
  });
});

describe('SLA targets', () => {
  const base = {
    status: 'open',
    priority: 'normal',
    createdAt: at('2026-12-21T11:00:00Z'),
    cycleStartedAt: at('2026-12-21T11:00:00Z'),
    waitingSince: at('2026-12-21T11:00:00Z'),
    firstResponseAt: null,
    slaTarget: null,
    slaDueAt: null,
    slaState: null,
  } as unknown as ConversationRow;
  const settings = { ...defaultRoutingSettings, sla: { ...defaultRoutingSettings.sla, warnAtPercent: 50 } };

  it('first response in clock time, then next response, then resolution', () => {
    const clock = { ...settings, sla: { ...settings.sla, hours: 'clock' as const } };
    expect(computeSla(base, clock, null)).toEqual({ slaTarget: 'first_response', slaDueAt: at('2026-12-21T12:00:00Z'), slaWarnAt: at('2026-12-21T11:30:00Z'), slaState: 'ok' });
    const answered = { ...base, firstResponseAt: at('2026-12-21T11:10:00Z'), waitingSince: at('2026-12-21T11:20:00Z') } as ConversationRow;
    expect(computeSla(answered, clock, null)).toMatchObject({ slaTarget: 'next_response', slaDueAt: at('2026-12-21T13:20:00Z') });
    expect(computeSla({ ...answered, waitingSince: null }, clock, null)).toMatchObject({ slaTarget: 'resolution', slaDueAt: at('2026-12-22T11:00:00Z') });
    expect(computeSla({ ...answered, status: 'resolved' } as ConversationRow, clock, null).slaTarget).toBeNull();
  });

  it('in business hours a message at night is due after the next opening', () => {
    const shop = nineToFive('America/Argentina/Buenos_Aires');
    // Monday 21 Dec 23:00 local (02:00Z Tuesday): first response due Tuesday 10:00 local.
    const night = { ...base, createdAt: at('2026-12-22T02:00:00Z'), cycleStartedAt: at('2026-12-22T02:00:00Z'), waitingSince: at('2026-12-22T02:00:00Z') } as ConversationRow;
    expect(computeSla(night, settings, shop)).toMatchObject({ slaTarget: 'first_response', slaDueAt: at('2026-12-22T13:00:00Z'), slaWarnAt: at('2026-12-22T12:30:00Z') });
  });
});
