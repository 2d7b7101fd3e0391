import type { FeatureCatalogue } from '../feature-catalogue.js';

export const contactPageEs = {} as const;

export const contactPageEn: FeatureCatalogue<typeof contactPageEs> = {};
