import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { validationError } from './engine-errors';

/**
 * The folder of a custom-resource handler bundle (written by `npm run build:handlers` — esbuild, at build time — and
 * copied to dist/ by `npm run build`); a GovernanceValidationError telling how to build it when it is missing.
 */
export function requireHandlerBundle(scope: IConstruct, owner: string, dir: string): string {
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw validationError(
      `${owner}HandlerMissing`,
      `The ${owner} handler bundle is missing at ${dir}; run 'npm run build:handlers' (esbuild, at build time) before synthesizing`,
      scope,
    );
  }
  return dir;
}
