import { useEffect } from 'react';

/**
 * Brings the form's first invalid field into view and focuses it whenever the problems change: an
 * error below the fold (a field inside "Avanzado", say) must not look like a button that did nothing.
 */
export function useRevealFirstProblem(formId: string, problems: Record<string, unknown>) {
  useEffect(() => {
    if (Object.keys(problems).length === 0) return;
    const first = document.getElementById(formId)?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.scrollIntoView({ block: 'center' });
    first?.focus({ preventScroll: true });
  }, [problems, formId]);
}
