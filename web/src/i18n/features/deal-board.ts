import type { FeatureCatalogue } from '../feature-catalogue.js';

export const dealBoardEs = {} as const;

export const dealBoardEn: FeatureCatalogue<typeof dealBoardEs> = {};
