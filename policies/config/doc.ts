/**
 * docs/config.md, the config reference, rendered from the JSON Schema (itself generated from the zod schema and its
 * `.describe()` texts): one table per mapping, with each key's type, default and meaning.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatGenerated, governanceJsonSchema, JsonSchema } from './json-schema';

/** Where the reference is committed. */
export const CONFIG_DOC_PATH = path.join(__dirname, '..', '..', 'docs', 'config.md');

const INTRO = `# Configuration reference

<!-- Generated from policies/config/schema.ts by \`npm run docs\`: edit the schema's descriptions, not this file. -->

The reference app reads \`governance.yaml\` at the repository root; \`npx cdk synth -c config=path.yaml\` selects another
file. Editors running the YAML language server validate and complete it from
[governance.schema.json](governance.schema.json), which the file's first line points at.

Every mapping is strict: an unknown key is an error, never a silently ignored setting. Problems are reported all at
once, one per line, as \`file:line:column path value: message\`, sorted by position. YAML syntax comes first (when
the file does not parse, nothing else can be checked); then, in the same run, the schema (types, accepted values,
formats, required keys, unknown keys with the accepted ones) and the semantic checks of every part the schema
accepted (each top-level section, and each team on its own, so that a typo in one team hides nothing in another):

- model references resolve against the model catalog (with the closest ids); the landing-zone regions are Bedrock
  regions of one partition, the organization stack's region in the same partition;
- every team region is a landing-zone region, where model invocation logging is configured (or the team acknowledges
  \`BedrockGovernance::BedrockGovernance-InvocationLogging\`, logging being configured outside the app);
- a team with \`requireVpcEndpoint\` invokes only in landing-zone regions that have the bedrock-runtime endpoint, and
  every model it allows is carried by the endpoint policy of each of its regions (\`endpointModels\`, or
  \`endpointModelsByRegion\` for that region): an entry no endpoint carries is an error, one partly carried a warning;
- \`requireGuardrail\` has a top-level \`guardrail\` covering the team regions; only those teams get the guardrail
  condition, and only their policies are checked for it;
- no team allows what the organization SCP blocks (an entry blocked entirely is an error, partly a warning);
- names are unique and become distinct construct ids (below); jobs name existing datasets and provisioned throughput
  existing jobs, dataset files exist, commitments are acknowledged;
- the policy engine's warnings (a deny overriding an allow, a glob matching nothing, a profile not offered in a
  region…) are warnings at the field they are about, with the id that acknowledges them
  (\`[cdk-bedrock-governance:DenyOverridesAllow]\` → \`Annotation::cdk-bedrock-governance:DenyOverridesAllow\` in the
  section's \`acknowledgements\`); unacknowledged, they are open findings of the compliance gate.

**Construct ids from names.** Team, role, dataset, job and provisioned-throughput names become construct ids (part of
the deployed contract: a changed id replaces the resource) by one rule: split the name on every character that is not
an ASCII letter or digit, capitalize the first letter of each part, keep the rest as written, join. \`Data Platform\`
→ \`DataPlatform\`, \`data-science\` → \`DataScience\`, \`ml_ops\` → \`MlOps\`, \`MLOps\` → \`MLOps\`. A team gets
\`<Team>Role\` (the default role), \`<Team><Role>Role\` per role of \`principals.roles\` (whose \`name\` is also the
IAM \`RoleName\`), \`<Team>Existing<n>\` per existing role and \`<Team>ModelAccess\` for its policy. Two names with
the same id, or a name with no letter or digit, are errors.

**Acknowledgements.** A \`compliance.acknowledgements[].path\` names a construct by whole path segments: the
construct at that path and everything under it (\`BedrockModelAccess/Research\` names nothing when the constructs are
\`ResearchRole\` and \`ResearchModelAccess\`). A path that names no construct is an error at its line; an
acknowledgement that accepts no finding is reported as stale (in the console and in the compliance report).

Keys marked **required** must be given; the others take the default shown.
`;

interface Section {
  readonly heading: string;
  readonly schema: JsonSchema;
}

/** Renders the reference (unformatted markdown). */
export function renderConfigDoc(schema: JsonSchema = governanceJsonSchema()): string {
  const sections: Section[] = [];
  collect('', schema, sections);
  const definitions = Object.entries(schema.definitions ?? {});
  const out = [INTRO];
  for (const s of sections) out.push(renderSection(s.heading === '' ? 'Top level' : s.heading, s.schema));
  for (const [name, def] of definitions) {
    const object = objectOf(def);
    out.push(object ? renderSection(name, { ...object, description: def.description ?? object.description }) : `## ${name}\n\n${def.description ?? ''}\n`);
  }
  return out.join('\n');
}

/** The content of docs/config.md, formatted like the rest of the repository. */
export async function renderConfigDocFile(file: string = CONFIG_DOC_PATH): Promise<string> {
  return formatGenerated(renderConfigDoc(), file);
}

/** Writes docs/config.md (or `file`); returns the path written. */
export async function writeConfigDoc(file: string = CONFIG_DOC_PATH): Promise<string> {
  fs.writeFileSync(file, await renderConfigDocFile(file));
  return file;
}

/** The object form of a node: itself, its list items, or the object option of a union. */
function objectOf(node: JsonSchema): JsonSchema | undefined {
  if (node.properties) return node;
  if (node.type === 'array' && node.items) return objectOf(node.items);
  return node.anyOf?.map(objectOf).find((o) => o !== undefined);
}

/** Depth-first: the mapping at `at`, then the mappings under it, in declaration order. */
function collect(at: string, node: JsonSchema, sections: Section[]): void {
  sections.push({ heading: at, schema: node });
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (child.$ref) continue;
    const base = at === '' ? key : `${at}.${key}`;
    if (child.properties) collect(base, child, sections);
    else if (child.type === 'array' && child.items && !child.items.$ref && objectOf(child.items)) collect(`${base}[]`, objectOf(child.items)!, sections);
    else if (child.anyOf) {
      const object = child.anyOf.find((o) => o.properties);
      if (object) collect(base, { ...object, description: child.description }, sections);
    }
  }
}

function renderSection(heading: string, node: JsonSchema): string {
  const required = new Set(node.required ?? []);
  const rows = Object.entries(node.properties ?? {}).map(([key, child]) => {
    const { text, fallback } = splitDefault(child.description ?? describeRef(child));
    const values = longEnum(child);
    const def = child.default !== undefined ? showDefault(child.default) : required.has(key) ? '**required**' : escapeMd(fallback ?? '—');
    return `| \`${key}\` | ${cell(typeOf(child, heading, key))} | ${cell(def)} | ${cell(escapeMd(text) + (values ? ` Accepted: ${values.map((v) => `\`${String(v)}\``).join(', ')}.` : ''))} |`;
  });
  return [
    `## ${heading}`,
    '',
    escapeMd(splitDefault(node.description ?? '').text),
    '',
    '| Key | Type | Default | Description |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** The values of an enum too long for the type column (of the node or of its list items). */
function longEnum(node: JsonSchema): readonly unknown[] | undefined {
  const values = node.enum ?? node.items?.enum;
  return values && values.length > 6 ? values : undefined;
}

/** Splits `… Default: none.` off a description. */
function splitDefault(description: string): { text: string; fallback?: string } {
  const m = /^(.*?)\s*Default: (.*?)\.?$/s.exec(description);
  return m ? { text: m[1]!, fallback: m[2]! } : { text: description };
}

function describeRef(node: JsonSchema): string {
  return node.$ref ? `See ${refName(node.$ref)}.` : '';
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function anchor(heading: string): string {
  return `#${heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-')}`;
}

function showDefault(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0) return 'every key at its default';
  if (Array.isArray(value)) return value.length === 0 ? '`[]`' : value.map((v) => `\`${String(v)}\``).join(', ');
  return `\`${String(value)}\``;
}

/** The type of a node in words, with links to the sections of mappings. */
function typeOf(node: JsonSchema, at: string, key: string): string {
  const here = at === 'Top level' ? key : `${at}.${key}`;
  if (node.$ref) return `[${refName(node.$ref)}](${anchor(refName(node.$ref))})`;
  if (node.anyOf) return node.anyOf.map((o) => typeOf(o, at, key)).join(' or ');
  if (node.enum)
    return longEnum(node) ? `${node.type ?? 'value'} (one of the values in the description)` : `one of ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (node.type === 'array' && node.items) {
    const item = node.items.properties ? `mappings ([${here}[]](${anchor(`${here}[]`)}))` : typeOf(node.items, at, key);
    return `list of ${item}${node.minItems ? ` (at least ${node.minItems})` : ''}`;
  }
  if (node.properties) return `mapping ([${here}](${anchor(here)}))`;
  if (node.type === 'object' && typeof node.additionalProperties === 'object') {
    return `mapping of ${node.propertyNames?.pattern ? 'region' : 'name'} to ${typeOf(node.additionalProperties, at, key)}`;
  }
  if (node.type === 'integer' || node.type === 'number') {
    const range =
      node.minimum !== undefined && node.maximum !== undefined && node.maximum < 1e15
        ? ` (${node.minimum} to ${node.maximum})`
        : node.minimum !== undefined
          ? ` (≥ ${node.minimum})`
          : '';
    return `${node.type}${range}`;
  }
  return node.type ?? 'any';
}

/** Escapes the characters markdown would read as emphasis or HTML in plain text. */
function escapeMd(text: string): string {
  return text.replace(/[*_<>]/g, (c) => `\\${c}`);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
