import { checkTexts } from './check.ts';
import { common } from './common.ts';
import { importTexts } from './import.ts';
import { placeTexts } from './places.ts';
import { reviewTexts } from './review.ts';
import { trainTexts } from './train.ts';

/** Every string of the interface in English; the other languages have the same keys. */
export const en = {
  ...common,
  ...importTexts,
  ...trainTexts,
  ...checkTexts,
  ...reviewTexts,
  ...placeTexts,
};

/** The shape every language's texts have. */
export type Messages = typeof en;
