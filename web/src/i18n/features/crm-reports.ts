import type { FeatureCatalogue } from '../feature-catalogue.js';

export const crmReportsEs = {} as const;

export const crmReportsEn: FeatureCatalogue<typeof crmReportsEs> = {};
