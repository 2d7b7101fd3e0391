import { Plus } from 'lucide-react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { RoutingRule, RoutingRuleInput } from '../../../app/api-types.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { type Translate, useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { Dialog } from '../../../ui/dialog.js';
import { Select, TextField } from '../../../ui/field.js';
import { Toggle } from '../../../ui/switch.js';
import { useToast } from '../../../ui/toast.js';
import { ConditionRow, conditionProblem, defaultCondition, type ConditionDraft, draftOf, patternMessages } from './condition-editor.js';
import { RuleActionsEditor } from './rule-actions-editor.js';
import { useRuleSummary } from './rule-summary.js';
import { RuleTestResults, TestControls } from './rule-test-results.js';
import { inputOf, useRuleMutations, useRuleTest } from './routing-api.js';

const emptyActions: RoutingRuleInput['actions'] = { teamId: null, priority: null, tagIds: [], intent: null, strategy: null, escalate: false };

// The server's stable sentences for a refused regular expression (server/lib/safe-pattern.ts).
const patternRefusals: [string, keyof typeof patternMessages][] = [
  ['uses a lookahead or lookbehind', 'lookaround'],
  ['uses a backreference', 'backreference'],
  ['is too large once compiled', 'too_large'],
  ['is longer than', 'too_long'],
  ['is not a valid regular expression', 'syntax'],
];

/**
 * The server's field problems for this rule, keyed by path inside it ("conditions.0.values"):
 * `prefix` drops what comes before (the rule's place in a tested list). A refused pattern is named
 * from `conditions`, the draft that was sent.
 */
function ruleErrors(t: Translate, error: unknown, prefix: string, conditions: RoutingRuleInput['conditions']): { fields: Record<string, string>; other: boolean } {
  const all = fieldErrors(t, error);
  const fields: Record<string, string> = {};
  let other = false;
  for (const [path, message] of Object.entries(all)) {
    if (!path.startsWith(prefix)) {
      other = true;
      continue;
    }
    const inRule = path.slice(prefix.length);
    const refusal = patternRefusals.find(([start]) => message.startsWith(start))?.[1];
    const [, condition, value] = /^conditions\.(\d+)\.values\.(\d+)$/.exec(inRule) ?? [];
    const sent = condition === undefined ? undefined : conditions[Number(condition)];
    const pattern = sent && 'values' in sent ? sent.values[Number(value)] : undefined;
    fields[inRule] = refusal ? (pattern === undefined ? t('ruleEditor.badRegexServer') : t(patternMessages[refusal], { pattern })) : message;
  }
  return { fields, other };
}

type Props = {
  /** The rule being edited; null for a new one (added at the end). */
  rule: RoutingRule | null;
  /** The saved rules in order, so "Probar" can test the whole set with this draft in its place. */
  rules: RoutingRule[];
  onClose: () => void;
};

/** Create or edit a rule: conditions, actions, and a what-if test of the rule set with the draft in it. */
export function RuleEditorDialog({ rule, rules, onClose }: Props) {
  const t = useT();
  const toast = useToast();
  const formId = useId();
  const summary = useRuleSummary();
  const { save } = useRuleMutations();
  const test = useRuleTest();
  const results = useRef<HTMLDivElement>(null);
  const nextKey = useRef(0);
  const [name, setName] = useState(rule?.name ?? '');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [match, setMatch] = useState<RoutingRuleInput['match']>(rule?.match ?? 'all');
  const [conditions, setConditions] = useState<ConditionDraft[]>(() => (rule?.conditions ?? [defaultCondition('text')]).map((condition) => draftOf(condition, nextKey.current++)));
  const [actions, setActions] = useState(rule?.actions ?? emptyActions);
  const [stop, setStop] = useState(rule?.stop ?? false);
  const [days, setDays] = useState(7);
  const [problems, setProblems] = useState<Record<string, string>>({});

  const draft: RoutingRuleInput = {
    name: name.trim(),
    enabled,
    match,
    conditions: conditions.map((item) => item.condition),
    actions: { ...actions, intent: actions.intent?.trim() || null },
    stop,
  };
  const savedIndex = rule ? rules.findIndex((item) => item.id === rule.id) : -1;
  const draftIndex = savedIndex >= 0 ? savedIndex : rules.length;

  useEffect(() => {
    if (test.data) results.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [test.data]);

  /** Problems found here; the name only matters for saving (a nameless draft can still be tested). */
  const check = (forSaving: boolean) => {
    const found: Record<string, string> = {};
    if (forSaving && !draft.name) found.name = t('validation.required');
    draft.conditions.forEach((condition, index) => {
      const problem = conditionProblem(t, condition);
      if (problem) found[`conditions.${index}`] = problem;
    });
    setProblems(found);
    return Object.keys(found).length === 0;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!check(true)) return;
    save.mutate(
      { id: rule?.id, input: draft },
      {
        onSuccess: () => {
          toast(rule ? t('common.saved') : t('ruleEditor.created'));
          onClose();
        },
      },
    );
  };

  const runTest = () => {
    if (!check(false)) return;
    const set = rules.map(inputOf);
    const tested = { ...draft, name: draft.name || t('ruleEditor.untitled') };
    if (savedIndex >= 0) set[savedIndex] = tested;
    else set.push(tested);
    test.mutate({ rules: set, days });
  };

  const saveErrors = ruleErrors(t, save.error, '', draft.conditions);
  const testErrors = ruleErrors(t, test.error, `rules.${draftIndex}.`, draft.conditions);
  const errors = { ...testErrors.fields, ...saveErrors.fields, ...problems };
  const conditionError = (index: number) => errors[`conditions.${index}`] ?? Object.entries(errors).find(([path]) => path.startsWith(`conditions.${index}.`))?.[1];
  const banner = save.error && (Object.keys(saveErrors.fields).length === 0 || saveErrors.other) ? errorMessage(t, save.error) : null;

  return (
    <Dialog
      open
      onClose={onClose}
      size="xl"
      title={rule ? t('ruleEditor.editTitle', { name: rule.name }) : t('ruleEditor.newTitle')}
      description={t('ruleEditor.subtitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" loading={save.isPending}>
            {rule ? t('common.save') : t('ruleEditor.create')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="flex flex-col gap-6 pb-4">
        {banner ? <Alert>{banner}</Alert> : null}
        <div className="flex flex-wrap items-end gap-4">
          <div className="min-w-0 flex-1 basis-64">
            <TextField label={t('ruleEditor.name')} placeholder={t('ruleEditor.namePlaceholder')} maxLength={80} value={name} onChange={(event) => setName(event.target.value)} error={errors.name} autoFocus />
          </div>
          <label className="flex h-10 items-center gap-2.5 text-sm text-zinc-800">
            <Toggle checked={enabled} onChange={setEnabled} label={t('ruleEditor.enabled')} />
            <span aria-hidden="true">{t(enabled ? 'ruleEditor.enabled' : 'ruleEditor.disabled')}</span>
          </label>
        </div>

        <fieldset className="flex min-w-0 flex-col gap-3">
          <legend className="mb-2 text-sm font-semibold text-zinc-900">{t('ruleEditor.conditions')}</legend>
          <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-700">
            <span>{t('ruleEditor.matchBefore')}</span>
            <Select compact aria-label={t('ruleEditor.match')} value={match} onChange={(event) => setMatch(event.target.value as 'all' | 'any')} className="w-auto">
              <option value="all">{t('ruleEditor.matchAll')}</option>
              <option value="any">{t('ruleEditor.matchAny')}</option>
            </Select>
            <span>{t('ruleEditor.matchAfter')}</span>
          </div>
          {conditions.length ? (
            <ol className="flex flex-col gap-2">
              {conditions.map((item, index) => (
                <ConditionRow
                  key={item.key}
                  draft={item}
                  index={index}
                  error={conditionError(index)}
                  onChange={(next) => setConditions((current) => current.map((entry) => (entry.key === item.key ? next : entry)))}
                  onRemove={() => setConditions((current) => current.filter((entry) => entry.key !== item.key))}
                />
              ))}
            </ol>
          ) : (
            <p className="rounded-lg bg-zinc-50 px-3 py-2.5 text-[13px] text-zinc-600 ring-1 ring-zinc-200">{t('ruleEditor.noConditions')}</p>
          )}
          <div>
            <Button size="sm" icon={<Plus className="size-3.5" aria-hidden="true" />} onClick={() => setConditions((current) => [...current, draftOf(defaultCondition('text'), nextKey.current++)])} disabled={conditions.length >= 20}>
              {t('ruleEditor.addCondition')}
            </Button>
          </div>
        </fieldset>

        <fieldset className="min-w-0">
          <legend className="mb-3 text-sm font-semibold text-zinc-900">{t('ruleEditor.actions')}</legend>
          <RuleActionsEditor actions={actions} stop={stop} onChange={setActions} onStopChange={setStop} errors={errors} />
        </fieldset>

        <p className="rounded-lg bg-emerald-50/60 px-3 py-2.5 text-[13px] text-zinc-700 ring-1 ring-emerald-100" data-testid="rule-draft-summary">
          <span className="font-medium text-zinc-900">{t('ruleEditor.summary')}</span> {summary.conditions(draft)} → {summary.actions(draft)}
        </p>

        <section className="flex flex-col gap-3 rounded-lg px-3 py-3 ring-1 ring-zinc-200" aria-labelledby={`${formId}-test`} ref={results}>
          <div>
            <h3 id={`${formId}-test`} className="text-sm font-semibold text-zinc-900">
              {t('ruleTest.title')}
            </h3>
            <p className="mt-0.5 text-[13px] text-zinc-500">{t('ruleEditor.testHint')}</p>
          </div>
          <TestControls days={days} onDays={setDays} onRun={runTest} running={test.isPending} label={t('ruleEditor.test')} />
          {test.error && (Object.keys(testErrors.fields).length === 0 || testErrors.other) ? <Alert>{errorMessage(t, test.error)}</Alert> : null}
          {test.data ? <RuleTestResults result={test.data} days={test.variables.days} /> : null}
        </section>
      </form>
    </Dialog>
  );
}
