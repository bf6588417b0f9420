/**
 * The KMS needs table of docs/kms.md, rendered from `KMS_NEEDS`: `renderKmsNeedsTable()` is pure, `writeKmsNeedsDoc()`
 * replaces the block between the markers in docs/kms.md
 * (`npx tsx -e "require('./constructs/governance-keys/kms-needs-doc').writeKmsNeedsDoc()"`), and a test fails when the
 * committed block differs from the rendering.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KMS_NEEDS, KmsNeed } from './kms-needs';

/** Where the table is committed, relative to the package root. */
export const KMS_DOC_PATH = path.join('docs', 'kms.md');
export const KMS_TABLE_START = '<!-- kms-needs:start (generated from constructs/governance-keys/kms-needs.ts; do not edit) -->';
export const KMS_TABLE_END = '<!-- kms-needs:end -->';

const KEY_ALIASES: Readonly<Record<KmsNeed['key'], string>> = {
  auditLogs: '`auditLogs` (…/audit-logs)',
  invocationLogs: '`invocationLogs` (…/invocation-logs)',
  trainingData: '`trainingData` (…/training-data)',
};

/** Escapes a table cell: pipes would break the row. */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** A Markdown table, aligned as Prettier aligns it (so that `prettier --check` accepts the file). */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const principalOf = (n: KmsNeed): string => ('service' in n.principal ? `\`${n.principal.service.replace('${Region}', '<region>')}\`` : n.principal.role);
const sourcesOf = (n: KmsNeed): string =>
  [...n.sources.map((url, i) => `[${i === 0 ? 'AWS' : `AWS ${i + 1}`}](${url})`), ...(n.note ? [n.note] : [])].join(' ');

/** The rows as Markdown table lines. */
export function renderKmsNeedsTable(needs: readonly KmsNeed[] = KMS_NEEDS): string {
  const rows = needs.map((n) =>
    [
      n.use,
      KEY_ALIASES[n.key],
      principalOf(n),
      n.actions.map((a) => `\`${a}\``).join(', '),
      `${n.condition}${n.unconditionedActions ? ` (${n.unconditionedActions.map((a) => `\`${a}\``).join(', ')} also unconditioned, by \`AccountAdministers\`)` : ''}`,
      `\`${n.metBy}\`${n.limitedBy ? `, limited by \`${n.limitedBy}\`` : ''}`,
      n.identity ?? '— (service principal: the key policy alone)',
      sourcesOf(n),
    ].map(cell),
  );
  return table(['Use', 'Key', 'Principal', 'Actions', 'Condition', 'Met by (key-policy Sid)', 'Identity policy side', 'Source'], rows).join('\n');
}

/** Replaces the generated block of docs/kms.md (under `root`) with the current rendering. */
export function writeKmsNeedsDoc(root: string = process.cwd()): void {
  const file = path.join(root, KMS_DOC_PATH);
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(KMS_TABLE_START);
  const end = text.indexOf(KMS_TABLE_END);
  if (start < 0 || end < start) throw new Error(`${KMS_DOC_PATH}: markers ${KMS_TABLE_START} … ${KMS_TABLE_END} not found`);
  fs.writeFileSync(file, `${text.slice(0, start + KMS_TABLE_START.length)}\n\n${renderKmsNeedsTable()}\n\n${text.slice(end)}`);
}
