/** Steps 4 to 6: review, labelling, export. */
export const reviewTexts = {
  review: {
    lead: 'Correct the products whose category looks wrong. Each answer fixes your catalogue and teaches the next model.',
    about: {
      crossCheck:
        'A model has learnt its own training products by heart, mistakes included. So Shelfwise judges every product with a model trained without it: what that model disagrees with is likely mislabelled.',
      saved: 'Every answer is saved at once, with who gave it and when; U undoes the last one.',
    },
    empty: {
      title: 'No model to review with yet',
      body: 'Train a model on this catalogue first.',
    },
    start: {
      heading: 'Find the labels that look wrong',
      body: 'Shelfwise trains {{folds}} models, each on part of the catalogue, and judges every product with the one that never saw it. That finds the mistakes a single model has learnt by heart.',
    },
    crossCheck: 'Check every product ({{products}})',
    quick: {
      summary: 'A quicker check, with the model in use',
      body: 'Judges the catalogue with the model in use only. It is quicker, but misses the label mistakes the model learnt from, and most of what it finds are products it did not learn from, whose corrections never reach training.',
      button: 'Quick check',
    },
    progress: {
      reading: 'Reading the catalogue',
      crossCheck: 'Checking: model {{fold}} of {{folds}}',
      classify: 'Classified {{done}} of {{total}} products',
    },
    crossChecked:
      'Cross-checked {{products}} products with {{folds}} models in {{time}}: each product was judged by a model that never saw it, which disagrees with {{disagreements}} labels.',
    classified:
      'Classified {{products}} products in {{time}}; the model disagrees with {{disagreements}} labels.',
    stopped: 'Stopped.',
    terminated: 'The classifier did not answer and was restarted.',
    queue: {
      heading: 'Products to review',
      fromCrossCheck:
        'Queue from the cross-check: each product judged by one of {{folds}} models trained without it.',
      fromModel:
        'Queue from the model in use, which has seen its training products: it misses the label mistakes it learnt.',
      weak: 'This queue misses the mistakes the model learnt. Check every product for a better one.',
      label: 'Queue',
      errors_one: 'Likely label errors ({{count}})',
      errors_other: 'Likely label errors ({{count}})',
      uncertain: 'Least sure first',
      empty: 'Nothing left in this queue.',
    },
    keys: {
      before: 'Keys:',
      accept: 'accept the suggestion',
      keep: 'keep your label',
      other: 'another category',
      skip: 'skip',
      undo: 'undo',
    },
    card: {
      label: 'Product under review',
      reading: 'Reading the product…',
      shopLabel: 'Your label',
      suggests: 'Shelfwise suggests',
      heldOut:
        'A held-out product: your answer changes the reference the model is measured against, never what it learns from.',
      accept: 'Accept suggestion',
      keep: 'Keep your label',
      other: 'Other category…',
      skip: 'Skip',
      undo: 'Undo',
    },
    counts: '{{queued}} to review · {{decided}} decided · {{corrected}} corrected',
    pace: '{{perMinute}} decisions per minute',
    orLabel: 'Or label the catalogue with the model as it is.',
    next_one: 'You corrected {{n}} product. A retrain learns from it.',
    next_other: 'You corrected {{n}} products. A retrain learns from them.',
  },
  picker: {
    search: 'Search categories',
    placeholder: 'Type to search categories',
    categories: 'Categories',
    more_one: '{{n}} more: keep typing',
    more_other: '{{n}} more: keep typing',
    none: 'No category matches {{query}}.',
  },
  label: {
    lead: 'Label all {{products}} products with the model. Those it is at least {{threshold}} sure of get a label; the rest are marked for a look.',
    leadDone:
      '{{automatic}} products ({{share}}) got a label automatically; {{forReview}} are marked for a look.',
    about: {
      threshold: 'How sure the model must be is set on the Check screen, and kept with the model.',
      yourLabels:
        'The export keeps your own labels and corrections beside the model’s, so nothing is overwritten.',
    },
    empty: {
      title: 'No model to label with yet',
      body: 'Train a model on this catalogue first.',
    },
    heading: 'Label with {{name}}',
    button: 'Label the catalogue ({{products}} products)',
    again: 'Label again',
    done: 'Labelled {{products}} products in {{time}}.',
    stopped: 'Labelling stopped.',
    automatic: 'Labelled automatically',
    forReview: 'Marked for a look',
    changed: 'Differ from your label',
    when: 'Labelled on {{date}}, at {{threshold}} or surer.',
    next: 'Take the labelled catalogue away.',
  },
  export: {
    lead: 'Download your labelled catalogue, or the other files you may need.',
    about: {
      local: 'Files are written on this computer; nothing is sent anywhere.',
      formats:
        'Every CSV file opens in a spreadsheet; cells that a spreadsheet would run as formulas are written as text.',
    },
    empty: {
      title: 'Nothing to export yet',
      body: 'Import a catalogue first.',
    },
    saved: 'Saved {{rows}} rows.',
    writing: 'Writing {{done}} of {{total}} rows',
    labelled: {
      heading: 'Labelled catalogue (CSV)',
      body: 'Every product with the model’s category, its confidence, the top 3, whether it needs a look, and your labels as imported and as corrected.',
      button: 'Download the labelled catalogue',
      notYet: 'Label the catalogue first.',
      noModel: 'Train a model first.',
    },
    standard: {
      heading: 'With standard categories (CSV)',
      body: 'Every product with the id and path of its category in a standard taxonomy (Shopify, Google), as shops and marketplaces import them.',
      status: '{{taxonomy}}: {{confirmed}} of {{total}} categories confirmed.',
      unconfirmed:
        'Categories whose mapping you have not confirmed are written without a standard id, never with a guess.',
      confirm: 'Confirm the mappings',
      button: 'Download with {{taxonomy}} categories',
      none: 'Map your categories to a standard taxonomy first.',
    },
    decisions: {
      heading: 'Review decisions (CSV)',
      body: 'Every answer given in review: who, when, the label before and after.',
      button_one: 'Download {{n}} decision',
      button_other: 'Download {{n}} decisions',
      none: 'No decision yet.',
    },
    more: {
      heading: 'The model and the whole project',
      model: 'A model as a bundle, to use in another browser: Models',
      project: 'Everything, to move to another machine: Move the project',
    },
  },
};
