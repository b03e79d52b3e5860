/** Rebuilds workers/model/table-kernels-wasm.ts from table-kernels.wat. */
import { writeFileSync } from 'node:fs';
import { assembleKernels, KERNELS_MODULE, kernelsModuleSource } from './wasm/assemble.ts';

writeFileSync(KERNELS_MODULE, kernelsModuleSource(await assembleKernels()));
console.error(`wrote ${KERNELS_MODULE}`);
