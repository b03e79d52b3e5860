/** Step 3: how good the model is, in plain words and in figures. */
export const checkTexts = {
  check: {
    lead: '{{covered}} of your products can be labelled automatically at {{accuracy}} accuracy; {{rest}} need a look.',
    leadNone:
      'At {{threshold}} no product is sure enough to be labelled automatically: lower the threshold below.',
    leadAccuracy: 'The model labels {{accuracy}} of the products it never saw correctly.',
    model: 'Model {{name}}, measured on {{products}} products it never saw while learning.',
    about: {
      honest:
        'These figures come from {{products}} products kept aside while the model learnt: they say how it will do on products it has never seen.',
      threshold:
        'The slider sets how sure the model must be to label a product on its own. Less sure products are left for you to look at.',
    },
    empty: {
      title: 'No model to check yet',
      body: 'Train a model on your catalogue first; it takes about a minute.',
    },
    weakest: 'Least reliable categories:',
    rightShare: '(right {{share}} of the time)',
    next: 'Look at the products whose label the model doubts.',
    expert: {
      heading: 'For experts',
      summary: 'Accuracy, F1, confusions and calibration',
    },
  },
  coverage: {
    heading: 'Label automatically',
    slider: 'Label a product automatically when the model is at least this sure:',
    valueText: '{{threshold}} sure',
    more: '← label more',
    surer: 'be surer →',
    result:
      '{{share}} of the products get a label automatically ({{covered}} of {{total}} held-out), {{accuracy}} of them right. The other {{rest}} go to review instead of being guessed.',
    saving: 'Saving…',
    saved: 'Saved with the model.',
    notSaved: 'Not saved: {{error}}',
    curveSummary: 'How the share and the accuracy change with the threshold',
    curveLabel: 'Coverage and accuracy by threshold',
    curveCaption: 'Share labelled automatically, and their accuracy, at each threshold',
    thresholdAxis: 'threshold',
    tooltipThreshold: 'threshold {{threshold}}',
    labelled: 'labelled automatically',
    accuracyOfThose: 'accuracy of those',
  },
  evaluation: {
    measured:
      'Measured on {{test}} products the model never saw in training ({{train}} learnt from, {{validation}} used to decide when to stop).',
    trainedOn: 'Trained in {{time}}, best epoch {{epoch}}, on',
    partial: '(stopped early: the best weights so far)',
    noHeldOut:
      'This model was trained before Shelfwise kept each held-out prediction, so its confusions, calibration and automatic-label threshold cannot be shown. Train it again to see them.',
    heldOutUnreadable: 'The held-out predictions could not be read.',
  },
  perClass: {
    filter: 'Filter categories',
    placeholder: 'e.g. shoes',
    all_one: '{{n}} category',
    all_other: '{{n}} categories',
    some: '{{shown}} of {{n}} categories',
  },
  hierarchy: {
    heading: 'By level',
    explain:
      'Category paths split at “{{separator}}” into {{depth}} levels; a level counts the products whose true path reaches it.',
    level: 'Level',
    wholePath: 'Whole path',
    hf1: 'Hierarchical F1',
    backOff:
      'With back-off below {{threshold}} confidence, {{share}} of products get an ancestor instead of a guess: hierarchical precision {{precision}} (vs {{flatPrecision}}), recall {{recall}} (vs {{flatRecall}}).',
  },
  confused: {
    heading: 'Most confused categories',
    none: 'No held-out product was misclassified.',
    summary:
      '{{mistakes}} of {{total}} held-out products were misclassified, in {{pairs}} pairs of categories. Open a pair to see its products.',
    true: 'True category',
    predicted: 'Predicted as',
    products: 'Products',
    more: 'Show {{shown}} more of {{left}}',
    pairLabel: '{{count}} {{truth}} predicted as {{predicted}}',
    class: 'class {{id}}',
    product: 'Product',
    trueShort: 'True',
    predictedShort: 'Predicted',
    confidence: 'Confidence',
    reading: 'Reading the products…',
    unreadable: 'The products could not be read.',
  },
  calibration: {
    heading: 'Confidence and calibration',
    text: 'A temperature of {{temperature}} fitted on the validation products lowers their negative log-likelihood from {{nllRaw}} to {{nllCalibrated}}. On the held-out products the expected calibration error goes from {{eceRaw}} to {{eceCalibrated}}.',
    histogramLabel: 'Confidence histogram',
    histogramCaption:
      'Held-out products by the (calibrated) confidence of their predicted category, on a log scale: right answers should pile up on the right, mistakes sit further left.',
    products: 'products',
    right: 'right',
    wrong: 'wrong',
    reliabilityLabel: 'Reliability diagram',
    reliabilityCaption:
      'Reliability: accuracy against confidence on the held-out products, in {{bins}} groups of equal size, before and after temperature scaling. The dashed diagonal is perfect calibration; above it the model is right more often than it claims, below it less.',
    confidence: 'confidence',
    accuracy: 'accuracy',
    meanConfidence: 'mean confidence {{value}}',
    raw: 'temperature 1',
    fitted: 'fitted temperature {{temperature}}',
  },
  tryProduct: {
    heading: 'Try a product',
    help: 'Type a product title to see the categories the model would choose, and why.',
    title: 'Title',
    description: 'Description',
    placeholder: 'e.g. Nike Men Black Running Shoes',
    classify: 'Classify',
    loading: 'Loading the model…',
    why: 'why?',
    whyLabel: 'Why {{label}}',
    answered: 'Answered in {{ms}} ms, on this computer.',
  },
  explain: {
    why: 'Why {{label}}',
    legend:
      'Green words argue for the category, red ones against; the stronger the colour, the more.',
    scoreSummary: 'The score, word by word',
    score: 'Score {{logit}} = baseline {{bias}}',
    rest: '+ the rest',
    nearest: 'Most similar products in your catalogue',
    similar: '({{similarity}} similar)',
  },
  path: {
    none: 'No category is likely enough to name.',
    category: 'Category:',
    confidentTo: 'Confident down to:',
    bestGuess: '(the best guess, at {{probability}}, is below the threshold:',
    bestGuessEnd: ')',
  },
  retrain: {
    headingCorrections: 'Before and after your corrections',
    headingContinued: 'Before and after further training',
    summary_one:
      'After your {{n}} correction to the products it learns from, accuracy went from {{before}} to {{after}} ({{change}} points).',
    summary_other:
      'After your {{n}} corrections to the products it learns from, accuracy went from {{before}} to {{after}} ({{change}} points).',
    noCorrections:
      'None of your corrections were on products the model learns from, so this retrain could not learn from them: it is further training on the same labels. Accuracy {{before}} → {{after}}.',
    sameRows:
      'Both models are judged on the same {{rows}} held-out products, with your corrected labels as the truth.',
    heldOut_one:
      '{{n}} correction was on a held-out product: it changes the reference, never the training.',
    heldOut_other:
      '{{n}} corrections were on held-out products: they change the reference, never the training.',
    expert: 'Figures, and F1 per category',
    figure: 'Figure',
    before: 'Before',
    after: 'After',
    change: 'Change',
    changedOnly: 'Only categories whose F1 changed',
    perCategory: 'F1 per category, before and after',
    f1Before: 'F1 before',
    f1After: 'F1 after',
    noneChanged: 'No category changed.',
  },
};
