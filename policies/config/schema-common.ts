/**
 * Building blocks of the governance config schema shared by its sections: identifiers, regions, accounts,
 * model references and acknowledgements. Each carries the message shown when a value is rejected.
 */
import { z } from 'zod';
import { constructId } from './ids';

/** A 12-digit AWS account id. YAML reads unquoted digits as a number, so the schema insists on a string. */
export const ACCOUNT_ID_RE = /^[0-9]{12}$/;
/** A region code such as `us-east-1` or `us-gov-west-1` (whether Bedrock serves it is checked against the catalog). */
export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/;
/** An identifier that turns into a PascalCase construct id: letters and digits, words separated by `-`, `_` or a space. */
export const IDENTIFIER_RE = /^[A-Za-z][A-Za-z0-9]*([-_ ][A-Za-z0-9]+)*$/;
/** A foundation model id as Bedrock lists it, optionally with a customization variant suffix (`…-v1:0:300k`). */
export const MODEL_ID_RE = /^[a-z0-9][a-z0-9-]*\.[A-Za-z0-9._:-]+$/;

/** A 12-digit account id. */
export const AccountId = z.string().regex(ACCOUNT_ID_RE, 'must be a 12-digit account id written as a quoted string, e.g. "111111111111"');

/** A region code. */
export const Region = z.string().regex(REGION_RE, 'must be a region code such as us-east-1');

/** A non-empty list of region codes. */
export const RegionList = z.array(Region).min(1, 'must list at least one region, e.g. [us-east-1]');

/** A name that becomes part of construct ids. */
export function identifier(what: string): z.ZodString {
  return z
    .string()
    .max(64, `must be at most 64 characters (it becomes part of the ${what}'s construct ids)`)
    .regex(IDENTIFIER_RE, `must start with a letter and contain letters and digits, words separated by '-', '_' or a space (e.g. Research, data-science)`);
}

/** The PascalCase form of a name, as used in construct ids: `data-science` → `DataScience` (see ids.ts). */
export const pascalCase = constructId;

/** A model reference with options, for ids the catalog does not know yet. */
export const ModelReferenceOptions = z
  .strictObject({
    id: z.string().min(1, 'must not be empty').describe('A foundation model id, a system inference profile id (or a glob of either), or a Bedrock ARN.'),
    newerThanCatalog: z
      .boolean()
      .optional()
      .describe('Marks an id as intentionally newer than the bundled model catalog, so it is accepted without a catalog entry. Default: false.'),
    destinationRegions: z
      .array(Region)
      .min(1, 'must list at least one region when given')
      .optional()
      .describe(
        'Destination regions of an inference profile the catalog does not know (only with newerThanCatalog). Default: every region of the profile geography known to the catalog.',
      ),
  })
  .describe('A model reference with options: { id, newerThanCatalog?, destinationRegions? }.');

/**
 * A model reference as users write it: a foundation model id or glob (`anthropic.*`), a system inference profile id or
 * glob (`us.amazon.nova-*`), the ARN of an application inference profile, provisioned model or custom model, or
 * `{ id, newerThanCatalog?, destinationRegions? }`.
 */
export const ModelReference = z.union([z.string().min(1, 'must not be empty'), ModelReferenceOptions]).meta({
  id: 'ModelReference',
  description:
    'A model: a foundation model id (anthropic.claude-3-haiku-20240307-v1:0) or glob (anthropic.*), a system inference profile id (us.anthropic.…) or glob (eu.amazon.nova-*), a Bedrock ARN (application inference profile, provisioned model, custom model), or { id, newerThanCatalog?, destinationRegions? }.',
});

/** A list of model references with at least one entry. */
export function modelList(what: string): z.ZodArray<typeof ModelReference> {
  return z.array(ModelReference).min(1, `must list at least one model, profile or ARN (${what})`);
}

/** A finding or warning the platform team accepts, with its reason. */
export const Acknowledgement = z
  .strictObject({
    id: z
      .string()
      .min(1, 'must not be empty')
      .describe('Id of the finding or warning, e.g. Annotation::cdk-bedrock-governance:DenyOverridesAllow or AwsSolutions-IAM5.'),
    reason: z
      .string()
      .trim()
      .min(20, 'must give a specific reason of at least 20 characters (auditors read it)')
      .describe('Why it is accepted: a specific reason of at least 20 characters, shown to auditors.'),
  })
  .meta({ id: 'Acknowledgement', description: 'A finding or warning accepted on purpose, with its reason.' });

/** A list of acknowledgements. */
export const Acknowledgements = z.array(Acknowledgement);

/** A guardrail every invocation must apply. */
export const Guardrail = z
  .strictObject({
    arn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:guardrail\/[a-z0-9]+$/,
        'must be a guardrail ARN, arn:aws:bedrock:<region>:<account>:guardrail/<id> (no version suffix: use version)',
      )
      .describe('Guardrail ARN, arn:aws:bedrock:us-east-1:111111111111:guardrail/abc123.'),
    version: z
      .string()
      .regex(/^([1-9][0-9]{0,7}|DRAFT)$/, "must be a version number written as a quoted string ('1', '2', …) or 'DRAFT'")
      .optional()
      .describe("Guardrail version that must be applied: '1', '2', … or 'DRAFT' (quoted). Default: any version."),
  })
  .meta({ id: 'Guardrail', description: 'A guardrail every invocation of the teams with requireGuardrail must apply.' });
