import { ShieldCheck } from 'lucide-react';
import { useState } from 'react';
import type { RoutingRule } from '../../../app/api-types.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Card } from '../../../ui/card.js';
import { RuleTestResults, TestControls } from './rule-test-results.js';
import { inputOf, useRuleTest } from './routing-api.js';

/** "Probar reglas" for the saved rule set: where the last days' conversations would have gone. */
export function RuleTestPanel({ rules }: { rules: RoutingRule[] }) {
  const t = useT();
  const test = useRuleTest();
  const [days, setDays] = useState(7);
  return (
    <Card title={t('ruleTest.title')} description={t('ruleTest.subtitle')}>
      <div className="flex flex-col gap-4" data-testid="rule-test-panel">
        <p className="flex items-start gap-2 text-[13px] text-emerald-800">
          <ShieldCheck className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          {t('ruleTest.safe')}
        </p>
        <TestControls days={days} onDays={setDays} onRun={() => test.mutate({ rules: rules.map(inputOf), days })} running={test.isPending} label={t('ruleTest.run')} />
        {test.error ? <Alert>{errorMessage(t, test.error)}</Alert> : null}
        {test.data ? <RuleTestResults result={test.data} days={test.variables.days} /> : null}
      </div>
    </Card>
  );
}
