/**
 * Loading the governance config: YAML syntax, then the schema, then the semantic pass. Every problem of a stage is
 * reported at once, each with `file:line:column` and its path, sorted by position, in one ConfigError.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { CatalogView } from '../iam/catalog-view';
import { ConfigError, ConfigIssue, ConfigSource, formatIssue, sortIssues } from './issues';
import { partsOf, partsOfData } from './parts';
import { GovernanceConfig, GovernanceConfigSchema } from './schema';
import { checkSemantics } from './semantic';
import { convertZodIssues } from './zod-issues';

/** Options of the loader. */
export interface LoadConfigOptions {
  /**
   * Model catalog the model references are resolved against.
   * @default - the catalog bundled with this package
   */
  readonly catalog?: CatalogView;
  /**
   * Directory that relative paths of the config (dataset files) are relative to.
   * @default - the directory of the config file
   */
  readonly baseDir?: string;
  /**
   * Receives each warning (valid but probably unintended: a team allow partly denied by the organization…).
   * @default - the warning is written to stderr, formatted like an error
   */
  readonly onWarning?: (warning: ConfigIssue) => void;
  /**
   * Run the semantic pass (references, model catalog, organization) after the schema.
   * @default true
   */
  readonly semantic?: boolean;
}

/** What checking a config found; `config` is set when there are no errors. */
export interface ConfigCheckResult {
  readonly config?: GovernanceConfig;
  /** The parsed YAML with its positions (undefined when the text is not YAML), to point later findings at config lines. */
  readonly source?: ConfigSource;
  /** Errors, sorted by position. */
  readonly errors: readonly ConfigIssue[];
  /** Warnings, sorted by position. */
  readonly warnings: readonly ConfigIssue[];
}

/**
 * Checks config text without throwing: YAML syntax errors (then nothing else, since the structure is unknown), else
 * schema errors and the semantic problems of every part the schema accepted (each top-level section, each team), in
 * one list.
 */
export function checkConfig(text: string, fileName: string, options: LoadConfigOptions = {}): ConfigCheckResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const source = new ConfigSource(fileName, doc, lines);
  const syntax = (severity: 'error' | 'warning') => (e: { pos: [number, number]; message: string }) => {
    const pos = lines.linePos(e.pos[0]);
    return { severity, code: 'syntax' as const, file: fileName, line: pos.line, column: pos.col, path: '', segments: [], message: yamlMessage(e.message) };
  };
  const yamlWarnings = doc.warnings.map(syntax('warning'));
  if (doc.errors.length > 0) return { errors: sortIssues(doc.errors.map(syntax('error'))), warnings: sortIssues(yamlWarnings) };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    return { source, errors: [source.issue([], 'syntax', (err as Error).message)], warnings: yamlWarnings };
  }
  if (data === null || data === undefined) {
    return {
      source,
      errors: [source.issue([], 'missing', 'the file is empty; expected a mapping with account, regions, landingZone, teams…')],
      warnings: yamlWarnings,
    };
  }
  const parsed = GovernanceConfigSchema.safeParse(data);
  const schema = parsed.success ? [] : convertZodIssues(parsed.error.issues, GovernanceConfigSchema, data, source);
  const semantic =
    options.semantic === false
      ? []
      : checkSemantics(parsed.success ? partsOf(parsed.data) : partsOfData(data), source, {
          catalog: options.catalog,
          baseDir: options.baseDir ?? path.dirname(path.resolve(fileName)),
        });
  const errors = sortIssues([...schema, ...semantic.filter((i) => i.severity === 'error')]);
  const warnings = sortIssues([...yamlWarnings, ...semantic.filter((i) => i.severity === 'warning')]);
  return parsed.success && errors.length === 0 ? { config: parsed.data, source, errors, warnings } : { source, errors, warnings };
}

/**
 * Parses config text; `fileName` names the file in messages (and locates dataset files unless `baseDir` is given).
 * @throws ConfigError listing every problem, one per line: `governance.yaml:12:7 teams[0].access.allow[0] 'x': …`
 */
export function parseConfig(text: string, fileName: string, options: LoadConfigOptions = {}): GovernanceConfig {
  const result = checkConfig(text, fileName, options);
  const onWarning = options.onWarning ?? ((w: ConfigIssue) => process.stderr.write(`${formatIssue(w)}\n`));
  result.warnings.forEach((w) => onWarning(w));
  if (!result.config) throw new ConfigError(result.errors);
  return result.config;
}

/** What checking a config file found, with the text read (undefined when the file cannot be read). */
export interface ConfigFileCheckResult extends ConfigCheckResult {
  readonly text?: string;
}

/** Reads and checks a config file without throwing: the file, its problems, and its positions. */
export function checkConfigFile(file: string, options: LoadConfigOptions = {}): ConfigFileCheckResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    return { errors: [{ severity: 'error', code: 'file', file, path: '', segments: [], message: `cannot read the config file: ${reason}` }], warnings: [] };
  }
  return { ...checkConfig(text, file, options), text };
}

/**
 * Reads and parses a config file (`governance.yaml`). Paths in messages are the path as given.
 * @throws ConfigError when the file cannot be read or has problems
 */
export function loadConfig(file: string, options: LoadConfigOptions = {}): GovernanceConfig {
  const result = checkConfigFile(file, options);
  const onWarning = options.onWarning ?? ((w: ConfigIssue) => process.stderr.write(`${formatIssue(w)}\n`));
  result.warnings.forEach((w) => onWarning(w));
  if (!result.config) throw new ConfigError(result.errors);
  return result.config;
}

/** The first sentence of a yaml error, without the excerpt `prettyErrors` would add. */
function yamlMessage(message: string): string {
  return message
    .split(/ at line \d+, column \d+/)[0]!
    .replace(/\s+/g, ' ')
    .trim();
}
