/**
 * `npm run catalog:refresh [-- --regions us-east-1,eu-west-1]`: regenerates
 * policies/iam/catalog/catalog.json from ListFoundationModels / ListInferenceProfiles.
 * Regions default to those of the committed catalog. Wiring only: the logic is in refresh.ts.
 */
import * as fs from 'node:fs';
import { CATALOG_PATH, loadCatalog } from '../policies/iam/catalog/catalog';
import { serializeCatalog } from '../policies/iam/catalog/format';
import { isCredentialsError, refreshCatalog } from '../policies/iam/catalog/refresh';

function parseRegions(argv: readonly string[]): string[] | undefined {
  const i = argv.findIndex((a) => a === '--regions' || a.startsWith('--regions='));
  if (i < 0) return undefined;
  const arg = argv[i] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
  const regions = (value ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (regions.length === 0) throw new Error('--regions needs a comma-separated list, e.g. --regions us-east-1,eu-west-1');
  return regions;
}

async function main(): Promise<void> {
  const regions = parseRegions(process.argv.slice(2)) ?? [...loadCatalog().regionIds];
  console.log(`Listing Bedrock models and inference profiles in ${regions.length} region(s)…`);
  const { data, skipped } = await refreshCatalog(regions);
  fs.writeFileSync(CATALOG_PATH, serializeCatalog(data));
  for (const s of skipped) console.warn(`skipped ${s.region}: ${s.message}`);
  console.log(
    `Wrote ${CATALOG_PATH}: ${data.models.length} models, ${data.inferenceProfiles.length} inference profiles, ${data.regions.length} regions (as of ${data.asOf}).`,
  );
}

main().catch((err: unknown) => {
  if (isCredentialsError(err)) {
    console.error('catalog:refresh: no AWS credentials found; configure credentials (e.g. AWS_PROFILE or aws sso login) and retry.');
  } else {
    console.error(`catalog:refresh: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});
