import { useEffect } from 'react';
import { useBackendChoice } from './backend-context.tsx';
import { exposeTestApi } from './test-api.ts';
import { useWorkerPool } from './workers-context.tsx';

/**
 * Puts the test API on `window.shelfwise`. The benchmark harnesses are loaded only when a
 * benchmark asks for them, so the app itself never downloads them.
 */
export function TestApiBridge(): null {
  const pool = useWorkerPool();
  const { current } = useBackendChoice();
  useEffect(() => {
    exposeTestApi({
      backend: () => current,
      trainBackend: () => pool.get('train').api.currentBackend(),
      trainTensors: () => pool.get('train').api.tensorCount(),
      classifyTensors: () => pool.get('classify').api.tensorCount(),
      benchmark: async (request) => {
        const { runBrowserBenchmark } = await import('../benchmark/benchmark.ts');
        return runBrowserBenchmark(
          {
            importer: pool.get('import'),
            trainer: pool.get('train'),
            classifier: pool.get('classify'),
          },
          request,
        );
      },
      imageBenchmark: async (request) => {
        const { runImageBenchmark } = await import('../benchmark/image-benchmark.ts');
        return runImageBenchmark(
          {
            importer: pool.get('import'),
            images: pool.get('image'),
            trainer: pool.get('train'),
            classifier: pool.get('classify'),
          },
          request,
        );
      },
      imageTensors: () => pool.get('image').api.tensorCount(),
      simulateTrainFailure: (failure) => pool.get('train').api.simulateFailure(failure),
      classify: (titles) =>
        pool.get('classify').api.classify(
          titles.map((title) => ({ title })),
          5,
        ),
    });
  }, [pool, current]);
  return null;
}
