import type { Linter } from 'eslint';

/** The import-boundary blocks of eslint.config.js (see eslint.boundaries.js). */
declare const boundaries: Linter.Config[];
export default boundaries;
