import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api-client.js';
import type { TagsResponse } from '../../../app/api-types.js';

export const tagsKey = ['tags'] as const;
export const useTags = () => useQuery({ queryKey: tagsKey, queryFn: () => api.get<TagsResponse>('/tags'), staleTime: 60_000 });

export const tagPalette = ['slate', 'red', 'orange', 'amber', 'lime', 'green', 'teal', 'sky', 'blue', 'violet', 'pink', 'rose'] as const;

// Written out in full so Tailwind sees every class.
const paletteClasses: Record<(typeof tagPalette)[number], { chip: string; dot: string }> = {
  slate: { chip: 'bg-slate-100 text-slate-700 ring-slate-200', dot: 'bg-slate-500' },
  red: { chip: 'bg-red-50 text-red-700 ring-red-200', dot: 'bg-red-500' },
  orange: { chip: 'bg-orange-50 text-orange-700 ring-orange-200', dot: 'bg-orange-500' },
  amber: { chip: 'bg-amber-50 text-amber-800 ring-amber-200', dot: 'bg-amber-500' },
  lime: { chip: 'bg-lime-50 text-lime-800 ring-lime-200', dot: 'bg-lime-500' },
  green: { chip: 'bg-green-50 text-green-700 ring-green-200', dot: 'bg-green-500' },
  teal: { chip: 'bg-teal-50 text-teal-700 ring-teal-200', dot: 'bg-teal-500' },
  sky: { chip: 'bg-sky-50 text-sky-700 ring-sky-200', dot: 'bg-sky-500' },
  blue: { chip: 'bg-blue-50 text-blue-700 ring-blue-200', dot: 'bg-blue-500' },
  violet: { chip: 'bg-violet-50 text-violet-700 ring-violet-200', dot: 'bg-violet-500' },
  pink: { chip: 'bg-pink-50 text-pink-700 ring-pink-200', dot: 'bg-pink-500' },
  rose: { chip: 'bg-rose-50 text-rose-700 ring-rose-200', dot: 'bg-rose-500' },
};

/** Classes for a palette colour; a custom #rrggbb colour gets neutral classes plus an inline dot colour. */
export function tagColour(color: string): { chip: string; dot: string; hex?: string } {
  if (color in paletteClasses) return paletteClasses[color as keyof typeof paletteClasses];
  const hex = /^#[0-9a-fA-F]{6}$/.test(color) ? color : undefined;
  return { chip: 'bg-zinc-50 text-zinc-700 ring-zinc-200', dot: 'bg-zinc-400', hex };
}
