import { X } from 'lucide-react';
import { useId } from 'react';
import type { PriorityValue, RuleCondition } from '../../../app/api-types.js';
import { type MessageKey, type Translate, useT } from '../../../i18n/i18n.js';
import { IconButton } from '../../../ui/button.js';
import { Select, SelectField, TextField } from '../../../ui/field.js';
import { useChannels } from '../channels/channels-api.js';
import { type PatternProblem, patternProblem } from './pattern-check.js';
import { type ConditionKind, conditionKinds } from './routing-api.js';

/** A condition being edited: list values are kept as typed ("precio, comprar") next to the parsed condition. */
export type ConditionDraft = { key: number; condition: RuleCondition; text: string };

const priorities: PriorityValue[] = ['urgent', 'high', 'normal', 'low'];

export function defaultCondition(kind: ConditionKind): RuleCondition {
  switch (kind) {
    case 'channel':
      return { kind, channelIds: [] };
    case 'text':
      return { kind, mode: 'keywords', values: [] };
    case 'intent':
    case 'contact_tag':
      return { kind, values: [] };
    case 'vip':
      return { kind, value: true };
    case 'contact_field':
      return { kind, field: '', op: 'equals', value: '' };
    case 'priority':
      return { kind, values: [] };
    case 'business_hours':
      return { kind, state: 'closed' };
    case 'contact_history':
      return { kind, value: 'first' };
    case 'repeated':
      return { kind, times: 3 };
  }
}

/** Keywords go one per line or comma separated; a regular expression may contain commas, so only lines split them. */
export function splitValues(text: string, regex: boolean): string[] {
  return text
    .split(regex ? /\n/ : /[\n,]/)
    .map((value) => value.trim())
    .filter(Boolean);
}

export const draftOf = (condition: RuleCondition, key: number): ConditionDraft => ({
  key,
  condition,
  text: 'values' in condition && condition.kind !== 'priority' ? condition.values.join(condition.kind === 'text' && condition.mode === 'regex' ? '\n' : ', ') : '',
});

export const patternMessages: Record<PatternProblem | 'too_large', MessageKey> = {
  too_long: 'ruleEditor.regexTooLong',
  lookaround: 'ruleEditor.regexLookaround',
  backreference: 'ruleEditor.regexBackreference',
  too_large: 'ruleEditor.regexTooLarge',
  syntax: 'ruleEditor.badRegex',
};

/** What the person must fix before the rule can be saved or tested; null when the condition is complete. */
export function conditionProblem(t: Translate, condition: RuleCondition): string | null {
  switch (condition.kind) {
    case 'channel':
      return condition.channelIds.length ? null : t('ruleEditor.pickNumber');
    case 'priority':
      return condition.values.length ? null : t('ruleEditor.pickPriority');
    case 'contact_field':
      return condition.field.trim() ? null : t('ruleEditor.fieldRequired');
    case 'text':
      if (!condition.values.length) return t('ruleEditor.valuesRequired');
      if (condition.mode === 'regex') {
        for (const pattern of condition.values) {
          const problem = patternProblem(pattern);
          if (problem) return t(patternMessages[problem], { pattern });
        }
      }
      return null;
    case 'intent':
    case 'contact_tag':
      return condition.values.length ? null : t('ruleEditor.valuesRequired');
    default:
      return null;
  }
}

type ConditionRowProps = { draft: ConditionDraft; index: number; onChange: (draft: ConditionDraft) => void; onRemove: () => void; error?: string };

/** One condition: what it looks at (the kind) and the values it compares with. */
export function ConditionRow({ draft, index, onChange, onRemove, error }: ConditionRowProps) {
  const t = useT();
  const errorId = useId();
  const { condition } = draft;
  const set = (next: RuleCondition, text = draft.text) => onChange({ ...draft, condition: next, text });
  const changeKind = (kind: ConditionKind) => onChange({ ...draft, condition: defaultCondition(kind), text: '' });
  const label = t('ruleEditor.conditionN', { n: index + 1 });
  return (
    <li className="rounded-lg bg-white px-3 py-3 ring-1 ring-zinc-200" data-testid="rule-condition">
      <div className="flex items-start gap-2">
        <div className="grid min-w-0 flex-1 items-start gap-3 sm:grid-cols-[14rem_1fr]">
          <Select aria-label={t('ruleEditor.conditionKind', { n: index + 1 })} value={condition.kind} onChange={(event) => changeKind(event.target.value as ConditionKind)} aria-describedby={error ? errorId : undefined}>
            {conditionKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`conditionKind.${kind}`)}
              </option>
            ))}
          </Select>
          <div className="min-w-0">
            <ConditionValues draft={draft} label={label} set={set} />
          </div>
        </div>
        <IconButton
          label={t('ruleEditor.removeCondition', { n: index + 1 })}
          onClick={onRemove}
          className="mt-1 rounded-md p-1.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700"
          icon={<X className="size-4" aria-hidden="true" />}
        />
      </div>
      {error ? (
        <p id={errorId} className="mt-2 text-[13px] text-red-600" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

function ConditionValues({ draft, label, set }: { draft: ConditionDraft; label: string; set: (next: RuleCondition, text?: string) => void }) {
  const t = useT();
  const channels = useChannels().data?.channels ?? [];
  const { condition } = draft;
  const checkbox = (checked: boolean, text: string, onToggle: (on: boolean) => void, key: string) => (
    <label key={key} className="flex items-center gap-2 text-sm text-zinc-800">
      <input type="checkbox" className="size-4 accent-emerald-600" checked={checked} onChange={(event) => onToggle(event.target.checked)} />
      <span className="min-w-0 truncate">{text}</span>
    </label>
  );
  switch (condition.kind) {
    case 'text': {
      const regex = condition.mode === 'regex';
      return (
        <div className="flex flex-col gap-2">
          <div className="flex flex-wrap gap-x-4 gap-y-1" role="radiogroup" aria-label={t('ruleEditor.textMode')}>
            {(['keywords', 'regex'] as const).map((mode) => (
              <label key={mode} className="flex items-center gap-1.5 text-[13px] text-zinc-700">
                <input type="radio" className="size-4 accent-emerald-600" checked={condition.mode === mode} onChange={() => set({ ...condition, mode, values: splitValues(draft.text, mode === 'regex') })} />
                {t(mode === 'keywords' ? 'ruleEditor.keywords' : 'ruleEditor.regex')}
              </label>
            ))}
          </div>
          <ValuesInput label={t(regex ? 'ruleEditor.regexValues' : 'ruleEditor.keywordValues', { condition: label })} hint={t(regex ? 'ruleEditor.regexHint' : 'ruleEditor.keywordsHint')} text={draft.text} onChange={(text) => set({ ...condition, values: splitValues(text, regex) }, text)} mono={regex} />
        </div>
      );
    }
    case 'intent':
    case 'contact_tag':
      return (
        <ValuesInput
          label={t(condition.kind === 'intent' ? 'ruleEditor.intentValues' : 'ruleEditor.tagValues', { condition: label })}
          hint={t(condition.kind === 'intent' ? 'ruleEditor.intentHint' : 'ruleEditor.contactTagHint')}
          text={draft.text}
          onChange={(text) => set({ ...condition, values: splitValues(text, false) }, text)}
        />
      );
    case 'channel':
      return channels.length ? (
        <div className="flex flex-col gap-1.5" role="group" aria-label={t('ruleEditor.numbers', { condition: label })}>
          {channels.map((channel) =>
            checkbox(
              condition.channelIds.includes(channel.id),
              channel.displayPhoneNumber ? `${channel.name} · ${channel.displayPhoneNumber}` : channel.name,
              (on) => set({ ...condition, channelIds: on ? [...condition.channelIds, channel.id] : condition.channelIds.filter((id) => id !== channel.id) }),
              channel.id,
            ),
          )}
        </div>
      ) : (
        <p className="pt-2 text-[13px] text-zinc-500">{t('ruleEditor.noNumbers')}</p>
      );
    case 'priority':
      return (
        <div className="flex flex-wrap gap-x-4 gap-y-1.5 pt-2" role="group" aria-label={t('ruleEditor.priorities', { condition: label })}>
          {priorities.map((priority) =>
            checkbox(
              condition.values.includes(priority),
              t(`priority.${priority}`),
              (on) => set({ ...condition, values: on ? [...condition.values, priority] : condition.values.filter((value) => value !== priority) }),
              priority,
            ),
          )}
        </div>
      );
    case 'vip':
      return (
        <Select aria-label={t('conditionKind.vip')} value={condition.value ? 'yes' : 'no'} onChange={(event) => set({ ...condition, value: event.target.value === 'yes' })}>
          <option value="yes">{t('ruleEditor.vipYes')}</option>
          <option value="no">{t('ruleEditor.vipNo')}</option>
        </Select>
      );
    case 'business_hours':
      return (
        <Select aria-label={t('conditionKind.business_hours')} value={condition.state} onChange={(event) => set({ ...condition, state: event.target.value as 'open' | 'closed' })}>
          <option value="open">{t('ruleEditor.hoursOpen')}</option>
          <option value="closed">{t('ruleEditor.hoursClosed')}</option>
        </Select>
      );
    case 'contact_history':
      return (
        <Select aria-label={t('conditionKind.contact_history')} value={condition.value} onChange={(event) => set({ ...condition, value: event.target.value as 'first' | 'returning' })}>
          <option value="first">{t('ruleEditor.historyFirst')}</option>
          <option value="returning">{t('ruleEditor.historyReturning')}</option>
        </Select>
      );
    case 'repeated':
      return (
        <SelectField label={t('ruleEditor.repeatedTimes')} value={condition.times} onChange={(event) => set({ ...condition, times: Number(event.target.value) })}>
          {[2, 3, 4, 5, 6, 7, 8, 9, 10].map((times) => (
            <option key={times} value={times}>
              {t('ruleEditor.times', { count: times })}
            </option>
          ))}
        </SelectField>
      );
    case 'contact_field':
      return (
        <div className="grid gap-2 sm:grid-cols-3">
          <TextField label={t('ruleEditor.fieldName')} placeholder={t('ruleEditor.fieldNamePlaceholder')} maxLength={60} value={condition.field} onChange={(event) => set({ ...condition, field: event.target.value })} />
          <SelectField label={t('ruleEditor.fieldOp')} value={condition.op} onChange={(event) => set({ ...condition, op: event.target.value as 'equals' | 'contains' | 'exists' })}>
            <option value="equals">{t('ruleEditor.opEquals')}</option>
            <option value="contains">{t('ruleEditor.opContains')}</option>
            <option value="exists">{t('ruleEditor.opExists')}</option>
          </SelectField>
          {condition.op === 'exists' ? null : <TextField label={t('ruleEditor.fieldValue')} maxLength={200} value={condition.value} onChange={(event) => set({ ...condition, value: event.target.value })} />}
        </div>
      );
  }
}

function ValuesInput({ label, hint, text, onChange, mono }: { label: string; hint: string; text: string; onChange: (text: string) => void; mono?: boolean }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <textarea
        id={id}
        aria-label={label}
        aria-describedby={`${id}-hint`}
        rows={2}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        spellCheck={!mono}
        className={`block w-full resize-y rounded-lg bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-emerald-600 focus:outline-none ${mono ? 'font-mono text-[13px]' : ''}`}
      />
      <p id={`${id}-hint`} className="text-[13px] text-zinc-500">
        {hint}
      </p>
    </div>
  );
}
