#!/usr/bin/env node
// Regenerates the generated parts of docs/landing-zone.md from the synthesized reference app. Wiring only.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderLandingZoneDoc } from './landing-zone-doc';

const file = path.join(__dirname, '..', 'docs', 'landing-zone.md');
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-docs-'));
fs.writeFileSync(file, renderLandingZoneDoc(fs.readFileSync(file, 'utf8'), outdir));
console.log(`updated ${path.relative(process.cwd(), file)}`);
