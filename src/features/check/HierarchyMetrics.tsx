import { useTranslation } from 'react-i18next';
import type { HierarchyEvaluation } from '@shared/db/records/taxonomy.ts';
import { count, decimal, percent } from '../../common/format.ts';

/** Per-level accuracy and F1 of a model's held-out rows, with and without back-off. */
export function HierarchyMetrics({ evaluation }: { evaluation: HierarchyEvaluation }) {
  const { t } = useTranslation();
  const { flat, backOff, threshold } = evaluation;
  return (
    <div className="hierarchy-metrics" data-testid="hierarchy-metrics">
      <h3>{t('hierarchy.heading')}</h3>
      <p className="muted">
        {t('hierarchy.explain', { separator: evaluation.separator, depth: evaluation.depth })}
      </p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('hierarchy.level')}</th>
              <th scope="col">{t('metrics.accuracy')}</th>
              <th scope="col">{t('metrics.macroF1')}</th>
              <th scope="col">{t('metrics.testRows')}</th>
            </tr>
          </thead>
          <tbody>
            {flat.levels.map((level) => (
              <tr key={level.level}>
                <td>{count(level.level)}</td>
                <td data-testid={`level-${level.level}-accuracy`}>{percent(level.accuracy)}</td>
                <td>{decimal(level.macroF1)}</td>
                <td>{count(level.count)}</td>
              </tr>
            ))}
            <tr>
              <td>{t('hierarchy.wholePath')}</td>
              <td>{percent(flat.leafAccuracy)}</td>
              <td>{decimal(flat.leafMacroF1)}</td>
              <td>{count(flat.count)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="muted">
        {t('hierarchy.hf1')}{' '}
        <strong data-testid="hierarchical-f1">{decimal(flat.hierarchicalF1)}</strong>.{' '}
        {t('hierarchy.backOff', {
          threshold: percent(threshold, 0),
          share: percent(backOff.backedOffShare),
          precision: decimal(backOff.hierarchicalPrecision),
          flatPrecision: decimal(flat.hierarchicalPrecision),
          recall: decimal(backOff.hierarchicalRecall),
          flatRecall: decimal(flat.hierarchicalRecall),
        })}
      </p>
    </div>
  );
}
