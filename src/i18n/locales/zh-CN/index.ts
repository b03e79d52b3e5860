import type { Messages } from '../en/index.ts';
import { checkTexts } from './check.ts';
import { common } from './common.ts';
import { importTexts } from './import.ts';
import { placeTexts } from './places.ts';
import { reviewTexts } from './review.ts';
import { trainTexts } from './train.ts';

/** Every string of the interface in Simplified Chinese, with the same keys as the English. */
export const zhCN: Messages = {
  ...common,
  ...importTexts,
  ...trainTexts,
  ...checkTexts,
  ...reviewTexts,
  ...placeTexts,
};
