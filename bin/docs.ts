#!/usr/bin/env node
// Regenerates the generated docs: the config reference and JSON Schema (from the zod schema), and the generated parts
// of docs/landing-zone.md (from the synthesized reference app). Wiring only.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeConfigDoc } from '../policies/config/doc';
import { writeConfigSchema } from '../policies/config/json-schema';
import { writeKmsNeedsDoc } from '../constructs/governance-keys/kms-needs-doc';
import { renderLandingZoneDoc } from './landing-zone-doc';

const file = path.join(__dirname, '..', 'docs', 'landing-zone.md');
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-docs-'));
fs.writeFileSync(file, renderLandingZoneDoc(fs.readFileSync(file, 'utf8'), outdir));
console.log(`updated ${path.relative(process.cwd(), file)}`);
writeKmsNeedsDoc(path.join(__dirname, '..'));
console.log('updated docs/kms.md');
void (async () => {
  await writeConfigSchema();
  await writeConfigDoc();
  console.log('updated docs/governance.schema.json, docs/config.md');
})();
