// `cdk-bedrock-governance init`: the files of a governed project (a commented starter governance.yaml, cdk.json whose
// app runs the governed app from the package, package.json scripts), written without overwriting anything unless asked.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Options of init. */
export interface InitOptions {
  /** The workload account (12 digits). */
  readonly account: string;
  /** The landing-zone region. @default 'us-east-1' */
  readonly region?: string;
  /**
   * Write availability-zone placeholders (`<region>a`, `<region>b`) into cdk.context.json so that `cdk synth` runs
   * offline, before anyone has credentials. Replace them with the real lookup before deploying (see the notice).
   * @default false
   */
  readonly placeholderAzs?: boolean;
  /** Overwrite existing governance.yaml and cdk.json. @default false */
  readonly force?: boolean;
}

/** What init wrote. */
export interface InitResult {
  readonly written: readonly string[];
  readonly skipped: readonly string[];
  readonly notices: readonly string[];
}

const ACCOUNT_RE = /^[0-9]{12}$/;
const REGION_RE = /^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/;

/** Problems with the options, each naming the option, the value and what is accepted. */
export function initProblems(options: InitOptions): string[] {
  const problems: string[] = [];
  if (!ACCOUNT_RE.test(options.account)) problems.push(`--account '${options.account}': must be a 12-digit AWS account id`);
  const region = options.region ?? 'us-east-1';
  if (!REGION_RE.test(region)) problems.push(`--region '${region}': must be an AWS region such as us-east-1`);
  return problems;
}

/** The starter governance.yaml: one landing zone, one team, every compliance pack; each key explained. */
export function starterConfig(options: InitOptions): string {
  const region = options.region ?? 'us-east-1';
  const geo = region.startsWith('eu-') ? 'eu' : region.startsWith('ap-') ? 'apac' : 'us';
  return `# yaml-language-server: $schema=./node_modules/cdk-bedrock-governance/docs/governance.schema.json
#
# Governance of Amazon Bedrock for one account (cdk-bedrock-governance). Every key is documented in
# node_modules/cdk-bedrock-governance/docs/config.md; unknown keys are errors.
#
#   npx cdk-bedrock-governance check     # validates this file (no synth), errors with file:line:column
#   npx cdk synth                        # synthesizes the stacks, runs the compliance packs, writes the reports

# The account the landing zone and the team roles are deployed to. Quote it: YAML would read the digits as a number.
account: '${options.account}'

# Landing-zone regions: one landing-zone stack per region; the first holds the multi-region trail.
regions:
  - ${region}

landingZone:
  # What the bedrock-runtime VPC endpoint carries: calls to any other model through it are denied by its policy.
  endpointModels:
    allow:
      - amazon.nova-*
      - ${geo}.amazon.nova-*
  # One multi-region trail with every Bedrock data event, created in the first region.
  trail:
    name: bedrock-governance

# Teams: each gets a role assumable by the account (1-hour sessions) with its model-access policy attached.
teams:
  - name: Apps
    access:
      # Models the team may invoke (ids, globs, inference profiles, ARNs, { provisionedThroughput: <name> }).
      allow:
        - amazon.nova-lite-v1:0
        - ${geo}.amazon.nova-lite-v1:0
      regions: [${region}]
      # Deny invocation unless it arrives through the landing zone's runtime endpoint.
      requireVpcEndpoint: true

# Compliance packs run on every synth; synth fails on any open finding. Acknowledge a finding with a specific reason:
#   acknowledgements:
#     - id: AwsSolutions-IAM5
#       path: BedrockModelAccess/AppsModelAccess
#       reason: '…at least 20 characters that an auditor can check…'
compliance:
  packs: [AwsSolutions, HIPAA.Security, NIST.800.53.R5, PCI.DSS.321, BedrockGovernance]
`;
}

/** cdk.json of a governed project: the app is the package's governed app on governance.yaml. */
export function starterCdkJson(): string {
  return `${JSON.stringify({ app: 'npx cdk-bedrock-governance app', output: 'cdk.out', context: { 'cli-telemetry': false }, notices: false }, null, 2)}\n`;
}

/** The package.json scripts init adds (existing scripts of the same name are kept). */
export const STARTER_SCRIPTS: Readonly<Record<string, string>> = {
  'governance:check': 'cdk-bedrock-governance check governance.yaml',
  'governance:synth': 'cdk synth --quiet',
};

/** Writes the project files into `dir`. Throws with every option problem at once. */
export function initProject(dir: string, options: InitOptions): InitResult {
  const problems = initProblems(options);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const region = options.region ?? 'us-east-1';
  const written: string[] = [];
  const skipped: string[] = [];
  const notices: string[] = [];
  fs.mkdirSync(dir, { recursive: true });
  const put = (name: string, text: string): void => {
    const file = path.join(dir, name);
    if (fs.existsSync(file) && !options.force) {
      skipped.push(name);
      return;
    }
    fs.writeFileSync(file, text);
    written.push(name);
  };
  put('governance.yaml', starterConfig(options));
  put('cdk.json', starterCdkJson());

  const pkgFile = path.join(dir, 'package.json');
  const pkg = fs.existsSync(pkgFile)
    ? (JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as Record<string, unknown>)
    : {
        name:
          path
            .basename(path.resolve(dir))
            .toLowerCase()
            .replace(/[^a-z0-9-]/g, '-') || 'bedrock-governance',
        private: true,
      };
  const scripts = { ...(pkg.scripts as Record<string, string> | undefined) };
  for (const [k, v] of Object.entries(STARTER_SCRIPTS)) scripts[k] ??= v;
  fs.writeFileSync(pkgFile, `${JSON.stringify({ ...pkg, scripts }, null, 2)}\n`);
  written.push('package.json');

  if (options.placeholderAzs) {
    const ctxFile = path.join(dir, 'cdk.context.json');
    const ctx = fs.existsSync(ctxFile) ? (JSON.parse(fs.readFileSync(ctxFile, 'utf8')) as Record<string, unknown>) : {};
    const key = `availability-zones:account=${options.account}:region=${region}`;
    ctx[key] ??= [`${region}a`, `${region}b`];
    fs.writeFileSync(ctxFile, `${JSON.stringify(ctx, null, 2)}\n`);
    written.push('cdk.context.json');
    notices.push(
      `cdk.context.json holds placeholder availability zones (${region}a, ${region}b) for offline synth; before deploying, run \`npx cdk context --reset "${key}"\` and synth once with credentials of ${options.account} to look up the real ones`,
    );
  }
  return { written, skipped, notices };
}
