import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { requireHandlerBundle } from '../private/handler-bundle';

/** Where `npm run build:handlers` writes the handler (esbuild, at build time; copied to dist/ by `npm run build`). */
export const HANDLER_BUNDLE_DIR = path.join(__dirname, 'handler', 'bundle');

/** The handler bundle directory; a GovernanceValidationError telling how to build it when it is missing. */
export function handlerBundle(scope: IConstruct, dir: string = HANDLER_BUNDLE_DIR): string {
  return requireHandlerBundle(scope, 'InvocationLogging', dir);
}
