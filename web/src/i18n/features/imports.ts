import type { FeatureCatalogue } from '../feature-catalogue.js';

export const importsEs = {} as const;

export const importsEn: FeatureCatalogue<typeof importsEs> = {};
