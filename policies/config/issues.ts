/**
 * Problems found in a governance config, each tied to a position in the YAML file, and the error that carries
 * them all. Messages are self-sufficient: the app prints them without a stack trace.
 */
import { Document, isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, Node } from 'yaml';

/** A step of a path into the config: an object key or a list index. */
export type ConfigPathSegment = string | number;

/** What kind of problem an issue is. */
export type ConfigIssueCode =
  | 'syntax'
  | 'unknown-key'
  | 'missing'
  | 'type'
  | 'enum'
  | 'format'
  | 'range'
  | 'invalid'
  | 'duplicate'
  | 'reference'
  | 'model'
  | 'organization'
  | 'file'
  /** A name that cannot become a construct id, or whose id collides with another. */
  | 'construct-id'
  /** Access that cannot work: a model the runtime endpoint does not carry. */
  | 'endpoint'
  /** A region where the team may invoke and no model invocation logging is configured. */
  | 'logging'
  /** A warning of the policy engine (`rule` names it, e.g. cdk-bedrock-governance:DenyOverridesAllow). */
  | 'engine'
  /** An acknowledgement that names no construct, or accepts nothing. */
  | 'acknowledgement';

/** One problem (or warning) found in a config file. */
export interface ConfigIssue {
  readonly severity: 'error' | 'warning';
  readonly code: ConfigIssueCode;
  /** The config file, as named by the caller. */
  readonly file: string;
  /** 1-based line of the offending node; undefined when the problem has no position (an unreadable file). */
  readonly line?: number;
  /** 1-based column of the offending node. */
  readonly column?: number;
  /** Path of the offending field, e.g. `teams[2].access.allow[0]`; empty for the whole document. */
  readonly path: string;
  /** The same path, as segments. */
  readonly segments: readonly ConfigPathSegment[];
  /** The value as written; undefined when the field is missing or the value is not shown (unknown keys). */
  readonly value?: unknown;
  /** What is wrong and what is accepted. */
  readonly message: string;
  /** The id an acknowledgement names to accept it (engine warnings: `cdk-bedrock-governance:<id>`). */
  readonly rule?: string;
}

/** `teams[2].access.allow[0]` from `['teams', 2, 'access', 'allow', 0]`. */
export function formatPath(segments: readonly ConfigPathSegment[]): string {
  return segments.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`), '');
}

/** A value as shown in a message: strings quoted, anything else as short JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** `governance.yaml:12:7 teams[0].access.allow[0] 'x': is not in the model catalog…` (warnings say `warning:`). */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? `${issue.file}:` : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  const subject = [issue.path, issue.value === undefined ? '' : showValue(issue.value)].filter((s) => s !== '').join(' ');
  const message = issue.rule === undefined ? issue.message : `${issue.message} [${issue.rule}]`;
  return [where, issue.severity === 'warning' ? 'warning:' : '', subject === '' ? message : `${subject}: ${message}`].filter((s) => s !== '').join(' ');
}

/** Orders issues by position, then path, so that a file reads top to bottom. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.path.localeCompare(b.path));
}

/**
 * A config file that does not parse, does not match the schema, or does not hold together. `message` lists every
 * problem, one per line, sorted by position; `issues` has them as data.
 */
export class ConfigError extends Error {
  /** Every error found (warnings are not errors and are not included). */
  public readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const sorted = sortIssues(issues);
    super(sorted.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = sorted;
    // The stack would point into the loader, never at the mistake: the positions in the message do.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** A parsed YAML document with its line positions, to map config paths back to `line:column`. */
export class ConfigSource {
  constructor(
    /** The file name used in messages. */
    public readonly file: string,
    public readonly doc: Document.Parsed,
    public readonly lines: LineCounter,
  ) {}

  /**
   * Position of a path: its value node, or with `at: 'key'` the key naming it. A path that does not resolve (a
   * missing key) points at the key of its deepest existing ancestor.
   */
  position(segments: readonly ConfigPathSegment[], at: 'value' | 'key' = 'value'): { line: number; column: number } {
    const node = this.locate(segments, at);
    const offset = node?.range?.[0] ?? this.doc.contents?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  /** Builds an issue at a path. */
  issue(
    segments: readonly ConfigPathSegment[],
    code: ConfigIssueCode,
    message: string,
    options: { value?: unknown; severity?: 'error' | 'warning'; at?: 'value' | 'key'; rule?: string } = {},
  ): ConfigIssue {
    const { line, column } = this.position(segments, options.at);
    return {
      severity: options.severity ?? 'error',
      code,
      file: this.file,
      line,
      column,
      path: formatPath(segments),
      segments: [...segments],
      ...(options.value === undefined ? {} : { value: options.value }),
      message,
      ...(options.rule === undefined ? {} : { rule: options.rule }),
    };
  }

  private locate(segments: readonly ConfigPathSegment[], at: 'value' | 'key'): Node | undefined {
    let node: unknown = this.doc.contents;
    // Where a missing child points: the key of its parent (or the parent list item).
    let fallback: Node | undefined = isNode(node) ? node : undefined;
    for (const [i, seg] of segments.entries()) {
      const last = i === segments.length - 1;
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (!pair) return fallback;
        const key = isNode(pair.key) ? pair.key : fallback;
        // A key with no value (`access:`) is shown at the key.
        const value = isNode(pair.value) && !(isScalar(pair.value) && pair.value.value === null) ? pair.value : undefined;
        if (last) return at === 'key' || value === undefined ? key : value;
        node = pair.value;
        fallback = key;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (!isNode(item)) return fallback;
        if (last) return item;
        node = item;
        fallback = item;
      } else {
        return fallback;
      }
    }
    return isNode(node) ? node : fallback;
  }
}
