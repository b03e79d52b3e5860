import type { HierarchyEvaluation } from '@shared/db/records/taxonomy.ts';
import { decimal, percent } from '../../common/format.ts';

/** Per-level accuracy and F1 of a model's held-out rows, with and without back-off. */
export function HierarchyMetrics({ evaluation }: { evaluation: HierarchyEvaluation }) {
  const { flat, backOff, threshold } = evaluation;
  return (
    <div className="hierarchy-metrics" data-testid="hierarchy-metrics">
      <h3>By level</h3>
      <p className="muted">
        Category paths split at “{evaluation.separator}” into {evaluation.depth} levels; a level
        counts the products whose true path reaches it.
      </p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col">Accuracy</th>
              <th scope="col">Macro-F1</th>
              <th scope="col">Test rows</th>
            </tr>
          </thead>
          <tbody>
            {flat.levels.map((level) => (
              <tr key={level.level}>
                <td>{level.level}</td>
                <td data-testid={`level-${level.level}-accuracy`}>{percent(level.accuracy)}</td>
                <td>{decimal(level.macroF1)}</td>
                <td>{level.count}</td>
              </tr>
            ))}
            <tr>
              <td>Whole path</td>
              <td>{percent(flat.leafAccuracy)}</td>
              <td>{decimal(flat.leafMacroF1)}</td>
              <td>{flat.count}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="muted">
        Hierarchical F1{' '}
        <strong data-testid="hierarchical-f1">{decimal(flat.hierarchicalF1)}</strong>. With back-off
        below {percent(threshold, 0)} confidence, {percent(backOff.backedOffShare)} of products get
        an ancestor instead of a guess: hierarchical precision{' '}
        {decimal(backOff.hierarchicalPrecision)} (vs {decimal(flat.hierarchicalPrecision)}), recall{' '}
        {decimal(backOff.hierarchicalRecall)} (vs {decimal(flat.hierarchicalRecall)}).
      </p>
    </div>
  );
}
