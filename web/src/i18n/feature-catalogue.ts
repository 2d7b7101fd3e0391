import type { PluralMessage } from './translate.js';

/**
 * The English (or any other) half of a feature's catalogue file: the same keys as its Spanish
 * half, a plural message wherever Spanish has one. Feature files keep a feature's words together
 * and are spread into es.ts and en.ts.
 */
export type FeatureCatalogue<Spanish> = { readonly [K in keyof Spanish]: Spanish[K] extends string ? string : PluralMessage };
