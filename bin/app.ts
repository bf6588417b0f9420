#!/usr/bin/env node
// The reference app: the governed app (bin/governed-app.ts) on governance.yaml (or `-c config=path.yaml`), the same
// code path as the package's `cdk-bedrock-governance app`.
import { runGovernedApp } from './governed-app';

process.exitCode = runGovernedApp().exitCode;
