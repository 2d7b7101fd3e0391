import type { FeatureCatalogue } from '../feature-catalogue.js';

export const contactsEs = {} as const;

export const contactsEn: FeatureCatalogue<typeof contactsEs> = {};
