import { and, eq, max, sql } from 'drizzle-orm';
import type { Language } from '../../../contracts/common.js';
import type { RuleInput } from '../../../contracts/routing.js';
import type { Transaction } from '../../db/client.js';
import { routingRules, teams } from '../../db/schema.js';

const TEAM_NAMES = { es: { sales: 'Ventas', support: 'Soporte', supervisors: 'Supervisores' }, en: { sales: 'Sales', support: 'Support', supervisors: 'Supervisors' } };

/** Keyword lists in Spanish and English; matching ignores case and accents, so "cotizacion" finds "cotización". */
export const DEFAULT_KEYWORDS = {
  urgent: ['urgente', 'reclamo', 'denuncia', 'urgent', 'complaint'],
  human: ['hablar con una persona', 'hablar con un humano', 'hablar con alguien', 'persona real', 'asesor humano', 'quiero un humano', 'talk to a human', 'speak to a person', 'real person', 'human agent'],
  legalOrMoney: ['abogado', 'demanda', 'legal', 'reembolso', 'devolución del dinero', 'fraude', 'cobro indebido', 'lawyer', 'lawsuit', 'refund', 'fraud', 'chargeback'],
  sensitive: ['estafa', 'discriminación', 'acoso', 'amenaza', 'defensa del consumidor', 'scam', 'harassment', 'threat', 'discrimination'],
  sales: ['precio', 'precios', 'comprar', 'cotización', 'presupuesto', 'cuánto cuesta', 'price', 'buy', 'quote', 'how much'],
  support: ['no funciona', 'ayuda', 'problema', 'falla', 'error', 'help', 'not working', 'problem', 'broken'],
};

function defaultRules(language: Language, teamIds: { sales: string; support: string }): RuleInput[] {
  const es = language === 'es';
  const rule = (name: string, conditions: RuleInput['conditions'], actions: Partial<RuleInput['actions']>): RuleInput => ({
    name,
    enabled: true,
    match: 'all',
    conditions,
    actions: { teamId: null, priority: null, tagIds: [], intent: null, strategy: null, escalate: false, ...actions },
    stop: false,
  });
  const words = (values: string[]) => [{ kind: 'text' as const, mode: 'keywords' as const, values }];
  return [
    rule(es ? 'Clientes VIP' : 'VIP customers', [{ kind: 'vip', value: true }], { priority: 'high' }),
    rule(es ? 'Palabras urgentes' : 'Urgent words', words(DEFAULT_KEYWORDS.urgent), { priority: 'urgent' }),
    rule(es ? 'Pide hablar con una persona' : 'Asks for a person', words(DEFAULT_KEYWORDS.human), { escalate: true }),
    rule(es ? 'Consultas legales o de dinero' : 'Legal or money requests', words(DEFAULT_KEYWORDS.legalOrMoney), { escalate: true }),
    rule(es ? 'Reclamos sensibles' : 'Sensitive complaints', words(DEFAULT_KEYWORDS.sensitive), { escalate: true }),
    rule(es ? 'El cliente repite su mensaje' : 'Customer repeats themselves', [{ kind: 'repeated', times: 3 }], { escalate: true }),
    rule(es ? 'Ventas' : 'Sales', words(DEFAULT_KEYWORDS.sales), { teamId: teamIds.sales, strategy: 'round_robin', intent: es ? 'compra' : 'purchase' }),
    rule(es ? 'Soporte' : 'Support', words(DEFAULT_KEYWORDS.support), { teamId: teamIds.support, strategy: 'round_robin', intent: es ? 'soporte' : 'support' }),
  ];
}

async function teamNamed(tx: Transaction, workspaceId: string, name: string): Promise<string> {
  await tx.insert(teams).values({ workspaceId, name }).onConflictDoNothing();
  const [row] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, workspaceId), sql`lower(${teams.name}) = lower(${name})`));
  return row!.id;
}

/**
 * The suggested setup: teams Ventas, Soporte and Supervisores (created when missing) and the rules
 * that cover the common cases, appended after any existing rules. New workspaces get it at creation
 * (with the owner in every team, so a one-person shop is routed to from the first message); admins
 * can add it again from Settings (rules whose name exists are skipped).
 */
export async function addDefaultRouting(tx: Transaction, workspaceId: string, language: Language): Promise<{ sales: string; support: string; supervisors: string }> {
  const names = TEAM_NAMES[language];
  const sales = await teamNamed(tx, workspaceId, names.sales);
  const support = await teamNamed(tx, workspaceId, names.support);
  const supervisors = await teamNamed(tx, workspaceId, names.supervisors);
  const [{ last } = { last: null }] = await tx.select({ last: max(routingRules.position) }).from(routingRules).where(eq(routingRules.workspaceId, workspaceId));
  const start = (last ?? -1) + 1;
  // Rules with the same name as an existing one are not added twice.
  const existing = new Set((await tx.select({ name: routingRules.name }).from(routingRules).where(eq(routingRules.workspaceId, workspaceId))).map((row) => row.name.toLowerCase()));
  const missing = defaultRules(language, { sales, support }).filter((rule) => !existing.has(rule.name.toLowerCase()));
  if (missing.length) await tx.insert(routingRules).values(missing.map((rule, index) => ({ ...rule, workspaceId, position: start + index })));
  return { sales, support, supervisors };
}
