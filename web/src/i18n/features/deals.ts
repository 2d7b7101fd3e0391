import type { FeatureCatalogue } from '../feature-catalogue.js';

export const dealsEs = {} as const;

export const dealsEn: FeatureCatalogue<typeof dealsEs> = {};
