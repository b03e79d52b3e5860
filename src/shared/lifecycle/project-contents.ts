/** What a project archive leaves out, and why: written into the archive and shown before export. */
export const NOT_IN_PROJECT =
  'Photos, their embeddings and cached activations are left out (they can be large: attach the photo folder again to retrain or score the photo model on them), as are unfinished training runs, cross-checks (run again in a minute) and settings. Photo models are in, with their fine-tuned networks.';
