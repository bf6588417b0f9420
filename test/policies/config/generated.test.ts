import * as fs from 'node:fs';
import * as logs from 'aws-cdk-lib/aws-logs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InvocationLoggingOnDelete } from '../../../constructs/invocation-logging/invocation-logging';
import { BEDROCK_ENDPOINT_SERVICES } from '../../../constructs/private-endpoints/private-endpoints';
import { COMPLIANCE_PACKS } from '../../../policies/nag/packs';
import { CONFIG_DOC_PATH, renderConfigDocFile } from '../../../policies/config/doc';
import { CONFIG_SCHEMA_PATH, governanceJsonSchema, JsonSchema, renderConfigSchema } from '../../../policies/config/json-schema';
import { COMPLIANCE_PACK_NAMES } from '../../../policies/config/schema';
import { ENDPOINT_SERVICES, INVOCATION_LOGGING_ON_DELETE, LOG_RETENTION_DAYS } from '../../../policies/config/schema-landing-zone';

describe('generated config artifacts (regenerate with `npm run docs`)', () => {
  it('docs/governance.schema.json is up to date with policies/config/schema.ts', async () => {
    expect(fs.readFileSync(CONFIG_SCHEMA_PATH, 'utf8')).toBe(await renderConfigSchema());
  });

  it('docs/config.md is up to date with policies/config/schema.ts', async () => {
    expect(fs.readFileSync(CONFIG_DOC_PATH, 'utf8')).toBe(await renderConfigDocFile());
  });

  it('rejects unknown keys in every mapping of the JSON Schema', () => {
    const open: string[] = [];
    const walk = (node: JsonSchema, at: string): void => {
      if (node.properties && node.additionalProperties !== false) open.push(at);
      for (const [k, v] of Object.entries(node.properties ?? {})) walk(v, `${at}.${k}`);
      for (const [k, v] of Object.entries(node.definitions ?? {})) walk(v, `#${k}`);
      if (node.items) walk(node.items, `${at}[]`);
      node.anyOf?.forEach((o, i) => walk(o, `${at}|${i}`));
    };
    walk(governanceJsonSchema(), '$');
    expect(open).toEqual([]);
  });

  it('validates governance.yaml with an independent JSON Schema validator, and rejects a typo', () => {
    const validate = new Ajv({ allErrors: true }).compile(governanceJsonSchema());
    const config = parse(fs.readFileSync('governance.yaml', 'utf8')) as Record<string, unknown>;
    expect(validate(config)).toBe(true);
    expect(validate({ ...config, acount: '111111111111' })).toBe(false);
  });
});

describe('config constants in step with the constructs', () => {
  it('lists the endpoint services of BedrockPrivateEndpoints', () => {
    expect([...ENDPOINT_SERVICES]).toEqual([...BEDROCK_ENDPOINT_SERVICES]);
  });

  it('lists the finite CloudWatch Logs retention periods', () => {
    const finite = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number' && v !== logs.RetentionDays.INFINITE);
    expect([...LOG_RETENTION_DAYS]).toEqual([...finite].sort((a, b) => a - b));
  });

  it('lists the on-delete behaviours of InvocationLogging', () => {
    expect([...INVOCATION_LOGGING_ON_DELETE]).toEqual(Object.values(InvocationLoggingOnDelete));
  });

  it('names every compliance pack the app can run', () => {
    expect(COMPLIANCE_PACK_NAMES).toEqual(expect.arrayContaining(Object.keys(COMPLIANCE_PACKS)));
  });
});
