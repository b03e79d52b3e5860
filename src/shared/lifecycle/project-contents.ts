/** What a project archive leaves out, and why: written into the archive and shown before export. */
export const NOT_IN_PROJECT =
  'Photos, their embeddings and photo models are left out (they can be large: attach the photo folder again and retrain the photo model), as are unfinished training runs, cross-checks (run again in a minute) and settings.';
