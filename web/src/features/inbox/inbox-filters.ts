import type { InboxFilters } from '../../app/api-types.js';

export type View = NonNullable<InboxFilters['view']>;
export type Sort = NonNullable<InboxFilters['sort']>;
export const views: View[] = ['mine', 'unassigned', 'all', 'mentions'];
export const sorts: Sort[] = ['waiting', 'newest', 'priority'];
export const statuses = ['open', 'pending', 'snoozed', 'resolved'] as const;
export const priorities = ['urgent', 'high', 'normal', 'low'] as const;

// Everyone sees the whole queue by default; "Mine" is one click away in the sidebar.
export const defaultView: View = 'all';

const listKeys = ['status', 'priority', 'tagId', 'intent', 'assigneeId', 'teamId', 'channelId'] as const;
type ListKey = (typeof listKeys)[number];

/** The filters the URL describes (`/inbox?view=mine&status=open&tagId=…`); the URL is the one source of truth. */
export function filtersFromSearch(search: URLSearchParams): InboxFilters {
  const filters: InboxFilters = {};
  const view = search.get('view');
  filters.view = views.includes(view as View) ? (view as View) : defaultView;
  const sort = search.get('sort');
  if (sorts.includes(sort as Sort)) filters.sort = sort as Sort;
  for (const key of listKeys) {
    const values = search.getAll(key).filter(Boolean);
    if (values.length) (filters as Record<ListKey, string[]>)[key] = values;
  }
  const q = search.get('q')?.trim();
  if (q) filters.q = q;
  const since = search.get('since');
  if (since) filters.since = since;
  const until = search.get('until');
  if (until) filters.until = until;
  return filters;
}

/** The query string for filters, both for the address bar and the API (repeated keys for lists). */
export function searchFromFilters(filters: InboxFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.view) search.set('view', filters.view);
  if (filters.sort) search.set('sort', filters.sort);
  for (const key of listKeys) for (const value of filters[key] ?? []) search.append(key, value);
  if (filters.q) search.set('q', filters.q);
  if (filters.since) search.set('since', filters.since);
  if (filters.until) search.set('until', filters.until);
  return search;
}

/** How many filters beyond the view are active, for the "Filters (2)" button. */
export const activeFilterCount = (filters: InboxFilters) =>
  listKeys.filter((key) => (filters[key]?.length ?? 0) > 0).length + (filters.since || filters.until ? 1 : 0);

/** Whether a saved view's filters are the ones shown now (to highlight it in the sidebar). */
export const sameFilters = (a: InboxFilters, b: InboxFilters) =>
  searchFromFilters({ ...a, view: a.view ?? defaultView }).toString() === searchFromFilters({ ...b, view: b.view ?? defaultView }).toString();
