#!/usr/bin/env node
// `cdk-bedrock-governance`: init a governed project, check a config without synthesizing, and run the governed app
// (what cdk.json's app calls). Wiring only: the work is in starter.ts, the config checks and governed-app.ts.
import * as path from 'node:path';
import { checkConfigFile, formatIssue } from '../policies/config/index';
import { runGovernedApp } from './governed-app';
import { initProject } from './starter';

const USAGE = `usage: cdk-bedrock-governance <command>

commands:
  init --account <12 digits> [--region us-east-1] [--dir .] [--placeholder-azs] [--force]
        writes a commented governance.yaml, cdk.json (app: the governed app) and package.json scripts
  check [file]            validates a config (default governance.yaml) without synthesizing; exit 1 on an error
  app                     the governed app, as cdk.json runs it (cdk synth / deploy); -c config=<file> picks the file
  help                    this text
`;

/** Parses `--name value` and `--flag` options; positional arguments are returned in `_`. */
export function parseArgs(argv: readonly string[]): { _: string[]; options: Record<string, string | true> } {
  const out: { _: string[]; options: Record<string, string | true> } = { _: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      out._.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) out.options[name] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out.options[name] = argv[++i]!;
    else out.options[name] = true;
  }
  return out;
}

const FLAGS: Readonly<Record<string, readonly string[]>> = {
  init: ['account', 'region', 'dir', 'placeholder-azs', 'force'],
  check: [],
  app: [],
};

/** Runs a command; returns the exit code. */
export function main(argv: readonly string[], io: { out: (s: string) => void; err: (s: string) => void } = defaultIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? 1 : 0;
  }
  if (command === 'app') return runGovernedApp({ log: io.err }).exitCode;
  const args = parseArgs(rest);
  const known = FLAGS[command];
  if (!known) {
    io.err(`unknown command '${command}'; accepted: init, check, app, help\n\n${USAGE}`);
    return 1;
  }
  const unknown = Object.keys(args.options).filter((o) => !known.includes(o));
  if (unknown.length > 0) {
    io.err(`${command}: unknown option ${unknown.map((o) => `--${o}`).join(', ')}; accepted: ${known.map((o) => `--${o}`).join(', ') || 'none'}`);
    return 1;
  }
  if (command === 'init') {
    const str = (name: string): string | undefined => (typeof args.options[name] === 'string' ? args.options[name] : undefined);
    const account = str('account');
    if (account === undefined) {
      io.err('init: --account <12-digit account id> is required (the account the landing zone is deployed to)');
      return 1;
    }
    const dir = path.resolve(str('dir') ?? '.');
    try {
      const r = initProject(dir, {
        account,
        region: str('region'),
        placeholderAzs: args.options['placeholder-azs'] === true,
        force: args.options.force === true,
      });
      for (const f of r.written) io.out(`wrote ${path.join(path.relative(process.cwd(), dir) || '.', f)}`);
      for (const f of r.skipped) io.out(`kept ${f} (exists; --force overwrites it)`);
      for (const n of r.notices) io.out(`notice: ${n}`);
      io.out('next: npx cdk-bedrock-governance check && npx cdk synth');
      return 0;
    } catch (e) {
      io.err(`init: ${(e as Error).message}`);
      return 1;
    }
  }
  // check
  if (args._.length > 1) {
    io.err(`check: one file at most; got ${args._.join(', ')}`);
    return 1;
  }
  const file = args._[0] ?? 'governance.yaml';
  const result = checkConfigFile(file);
  for (const w of result.warnings) io.err(formatIssue(w));
  for (const e of result.errors) io.err(formatIssue(e));
  if (!result.config) {
    io.err(`\nconfig: ${result.errors.length} error(s) in ${file}`);
    return 1;
  }
  io.out(`${file}: valid (${result.warnings.length} warning(s))`);
  return 0;
}

const defaultIo = { out: (s: string) => process.stdout.write(`${s}\n`), err: (s: string) => process.stderr.write(`${s}\n`) };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
