/** Marks a placeholder in a translated string; no translation contains it. */
export const SLOT_MARK = '\u241f';

/** A placeholder value for t(): rich() puts a React node where it lands in the sentence. */
export const slot = (name: string): string => `${SLOT_MARK}${name}${SLOT_MARK}`;
