import type { FeatureCatalogue } from '../feature-catalogue.js';

export const fieldsEs = {} as const;

export const fieldsEn: FeatureCatalogue<typeof fieldsEs> = {};
