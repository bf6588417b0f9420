/**
 * The package CLI (bin/cli.ts) in process: `init` writes a project that `check` accepts and that never overwrites
 * without --force; `check` exits 1 with positions on a bad file; bad options name the option, the value and what is
 * accepted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, parseArgs } from '../../bin/cli';
import { STARTER_SCRIPTS } from '../../bin/starter';

function run(...argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-init-'));

describe('cdk-bedrock-governance init', () => {
  it('writes governance.yaml, cdk.json (the governed app) and package.json scripts, which check accepts', () => {
    const dir = tmp();
    const r = run('init', '--account', '123456789012', '--region', 'eu-west-1', '--dir', dir);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'governance.yaml'), 'utf8')).toMatch(/account: '123456789012'[\s\S]*- eu-west-1[\s\S]*eu\.amazon\.nova-lite-v1:0/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf8'))).toMatchObject({ app: 'npx cdk-bedrock-governance app' });
    expect((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: unknown }).scripts).toEqual(STARTER_SCRIPTS);
    expect(fs.existsSync(path.join(dir, 'cdk.context.json'))).toBe(false);
    const c = run('check', path.join(dir, 'governance.yaml'));
    expect(c.err).toEqual([]);
    expect(c.code).toBe(0);
  });

  it('keeps existing files and scripts unless --force', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'governance.yaml'), 'mine\n');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', scripts: { 'governance:check': 'own', test: 'vitest' } }));
    const r = run('init', '--account', '123456789012', '--dir', dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('kept governance.yaml (exists; --force overwrites it)');
    expect(fs.readFileSync(path.join(dir, 'governance.yaml'), 'utf8')).toBe('mine\n');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))).toMatchObject({
      name: 'x',
      scripts: { 'governance:check': 'own', test: 'vitest', 'governance:synth': 'cdk synth --quiet' },
    });
    run('init', '--account', '123456789012', '--dir', dir, '--force');
    expect(fs.readFileSync(path.join(dir, 'governance.yaml'), 'utf8')).toMatch(/^# yaml-language-server/);
  });

  it('writes placeholder availability zones for offline synth only when asked, with a notice', () => {
    const dir = tmp();
    const r = run('init', '--account', '123456789012', '--dir', dir, '--placeholder-azs');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'cdk.context.json'), 'utf8'))).toEqual({
      'availability-zones:account=123456789012:region=us-east-1': ['us-east-1a', 'us-east-1b'],
    });
    expect(r.out.join('\n')).toMatch(/notice: cdk\.context\.json holds placeholder availability zones .* before deploying/);
  });

  it('rejects a missing or bad account, a bad region and unknown options', () => {
    expect(run('init').err).toEqual(['init: --account <12-digit account id> is required (the account the landing zone is deployed to)']);
    const bad = run('init', '--account', '12345', '--region', 'mars-1', '--dir', tmp());
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toBe("init: --account '12345': must be a 12-digit AWS account id\n--region 'mars-1': must be an AWS region such as us-east-1");
    expect(run('init', '--acount', '1').err[0]).toMatch(/^init: unknown option --acount; accepted: --account, --region, --dir, --placeholder-azs, --force$/);
    expect(run('deploy').err[0]).toMatch(/^unknown command 'deploy'; accepted: init, check, app, help/);
  });
});

describe('cdk-bedrock-governance check', () => {
  it('exits 1 with every error at its position, without synthesizing', () => {
    const dir = tmp();
    run('init', '--account', '123456789012', '--dir', dir);
    const file = path.join(dir, 'governance.yaml');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('- amazon.nova-lite-v1:0', '- amazon.nova-lyte-v1:0').replace('regions: [us-east-1]', 'regions: [us-east-9]'),
    );
    const r = run('check', file);
    expect(r.code).toBe(1);
    expect(r.err.some((l) => /governance\.yaml:\d+:\d+ teams\[0\]\.access\.allow\[0\] 'amazon\.nova-lyte-v1:0'/.test(l))).toBe(true);
    expect(r.err.some((l) => /governance\.yaml:\d+:\d+ teams\[0\]\.access\.regions\[0\] 'us-east-9'/.test(l))).toBe(true);
    expect(r.err.at(-1)).toMatch(/config: \d+ error\(s\) in /);
  });

  it('names a missing file', () => {
    const r = run('check', path.join(tmp(), 'none.yaml'));
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/none\.yaml: cannot read the config file: no such file/);
  });
});

describe('argument parsing', () => {
  it('reads --name value, --name=value and flags', () => {
    expect(parseArgs(['a', '--x', '1', '--y=2', 'b', '--z'])).toEqual({ _: ['a', 'b'], options: { x: '1', y: '2', z: true } });
  });
});

describe('examples/consumer', () => {
  it('holds what init writes today', () => {
    const dir = tmp();
    run('init', '--account', '111111111111', '--dir', dir, '--placeholder-azs');
    const example = path.join(__dirname, '..', '..', 'examples', 'consumer');
    for (const f of ['governance.yaml', 'cdk.json', 'cdk.context.json'])
      expect(fs.readFileSync(path.join(example, f), 'utf8'), `examples/consumer/${f}`).toBe(fs.readFileSync(path.join(dir, f), 'utf8'));
    const pkg = JSON.parse(fs.readFileSync(path.join(example, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts).toMatchObject(STARTER_SCRIPTS);
  });
});
