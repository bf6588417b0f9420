/**
 * The gate's acknowledgement mechanics: ids, whole-segment paths, construct warnings collected and acknowledged with
 * their reasons, stale acknowledgements, and findings traced back to config paths.
 */
import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ModelAccessPolicy } from '../../../constructs/model-access-policy/model-access-policy';
import { ackCoversRule, ackCoversWarning, parseAckId, pathCovers, qualifiedAckId } from '../../../policies/nag/acknowledgement-ids';
import { applyAcknowledgements, collectWarnings, findConstructByPath, nearestPaths, originOf, staleAcknowledgements } from '../../../policies/nag/gate';

const DENY_OVERRIDES = 'cdk-bedrock-governance:DenyOverridesAllow';

function appWithWarnings(): { app: App; stack: Stack; research: ModelAccessPolicy; support: ModelAccessPolicy } {
  const app = new App();
  const stack = new Stack(app, 'BedrockModelAccess', { env: { account: '111111111111', region: 'us-east-1' } });
  const spec = { allow: ['amazon.nova-*'], deny: ['amazon.nova-premier-v1:0'], regions: ['us-east-1'] };
  const research = new ModelAccessPolicy(stack, 'ResearchModelAccess', spec);
  const support = new ModelAccessPolicy(stack, 'SupportModelAccess', spec);
  return { app, stack, research, support };
}

describe('acknowledgement ids', () => {
  it('reads construct warnings and pack rules, with or without a namespace', () => {
    expect(parseAckId(`Annotation::${DENY_OVERRIDES}`)).toEqual({ namespace: 'Annotation', rule: DENY_OVERRIDES });
    expect(parseAckId(`annotation::${DENY_OVERRIDES}`)).toEqual({ namespace: 'Annotation', rule: DENY_OVERRIDES });
    expect(parseAckId(DENY_OVERRIDES)).toEqual({ namespace: 'Annotation', rule: DENY_OVERRIDES });
    expect(parseAckId('AwsSolutions-IAM5')).toEqual({ namespace: 'AwsSolutions', rule: 'AwsSolutions-IAM5' });
    expect(qualifiedAckId('NIST.800.53.R5-IAMNoInlinePolicy')).toBe('NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy');
    expect(ackCoversRule('AwsSolutions-IAM5', 'AwsSolutions', 'AwsSolutions-IAM5[Resource::*]')).toBe(true);
    expect(ackCoversRule('AwsSolutions-IAM5', 'AwsSolutions', 'AwsSolutions-IAM50')).toBe(false);
    expect(ackCoversRule('AwsSolutions-IAM5', 'HIPAA.Security', 'AwsSolutions-IAM5')).toBe(false);
    expect(ackCoversWarning(`Annotation::${DENY_OVERRIDES}`, DENY_OVERRIDES)).toBe(true);
    expect(ackCoversWarning('AwsSolutions::AwsSolutions-IAM5', DENY_OVERRIDES)).toBe(false);
  });

  it('matches construct paths by whole segments', () => {
    expect(pathCovers('BedrockModelAccess/Research', 'BedrockModelAccess/ResearchRole/Resource')).toBe(false);
    expect(pathCovers('BedrockModelAccess/Research', 'BedrockModelAccess/ResearchModelAccess')).toBe(false);
    expect(pathCovers('BedrockModelAccess/ResearchRole', 'BedrockModelAccess/ResearchRole/Resource')).toBe(true);
    expect(pathCovers('/BedrockModelAccess/', 'BedrockModelAccess/ResearchRole')).toBe(true);
    expect(pathCovers(undefined, 'Anything/At/All')).toBe(true);
  });
});

describe('construct paths', () => {
  it('finds a construct by its exact path only, and suggests the nearest ones', () => {
    const { app } = appWithWarnings();
    expect(findConstructByPath(app, 'BedrockModelAccess/ResearchModelAccess')?.node.id).toBe('ResearchModelAccess');
    expect(findConstructByPath(app, 'BedrockModelAccess/Research')).toBeUndefined();
    expect(nearestPaths(app, 'BedrockModelAccess/Research')).toEqual(['BedrockModelAccess/ResearchModelAccess', 'BedrockModelAccess/SupportModelAccess']);
  });
});

describe('construct warnings and acknowledgements', () => {
  it('collects the engine warnings as findings, and records the ones an acknowledgement accepts, with its reason', () => {
    const { app, research } = appWithWarnings();
    const before = collectWarnings(app);
    expect(before.map((w) => `${w.path} ${w.id}`)).toEqual([
      `BedrockModelAccess/ResearchModelAccess ${DENY_OVERRIDES}`,
      `BedrockModelAccess/SupportModelAccess ${DENY_OVERRIDES}`,
    ]);
    expect(before[0]!.message).toBe("deny[0] 'amazon.nova-premier-v1:0' overlaps allow[0] 'amazon.nova-*' (amazon.nova-premier-v1:0): the deny wins");
    const reason = 'Intended: Nova Premier is reserved for the evaluation team (cost control).';
    const ledger = applyAcknowledgements(app, [{ id: `Annotation::${DENY_OVERRIDES}`, reason, scope: research, origin: 'governance.yaml:9:11' }]);
    expect(ledger.acknowledgedWarnings).toEqual([{ ...before[0]!, reason, by: 0 }]);
    expect(collectWarnings(app).map((w) => w.path)).toEqual(['BedrockModelAccess/SupportModelAccess']);
  });

  it('reports an acknowledgement that accepts nothing as stale, and not one that suppressed a pack finding under its scope', () => {
    const { app, stack, support } = appWithWarnings();
    const ledger = applyAcknowledgements(app, [
      { id: 'Annotation::cdk-bedrock-governance:GlobMatchesNothing', reason: 'no glob of this team matches nothing at all', scope: support },
      { id: 'AwsSolutions-IAM5', reason: 'wildcards of the model globs are intended', scope: stack },
      { id: 'AwsSolutions-IAM4', reason: 'no managed AWS policy is attached here at all', scope: stack },
      { id: `Annotation::${DENY_OVERRIDES}`, reason: 'Intended: Nova Premier is reserved for evaluation.', scope: support },
    ]);
    const suppressed = [{ pack: 'AwsSolutions', rule: 'AwsSolutions-IAM5[Resource::*]', path: 'BedrockModelAccess/ResearchModelAccess/Resource', reason: 'x' }];
    expect(staleAcknowledgements(ledger, suppressed).map((a) => a.id)).toEqual(['Annotation::cdk-bedrock-governance:GlobMatchesNothing', 'AwsSolutions-IAM4']);
  });
});

describe('origins', () => {
  const origins = [
    { path: 'BedrockModelAccess', segments: ['teams'] },
    { path: 'BedrockModelAccess/ResearchModelAccess', segments: ['teams', 0, 'access'], fieldsInMessages: true },
    { path: 'BedrockModelAccess/ResearchRole', segments: ['teams', 0, 'name'] },
  ];

  it('points a finding at the config node of its construct, refined by the field its message names', () => {
    expect(originOf(origins, 'BedrockModelAccess/ResearchModelAccess/Resource', 'Model invocation is allowed …')).toEqual(['teams', 0, 'access']);
    expect(originOf(origins, 'BedrockModelAccess/ResearchModelAccess', "deny[0] 'amazon.nova-premier-v1:0' overlaps allow[0]")).toEqual([
      'teams',
      0,
      'access',
      'deny',
      0,
    ]);
    expect(originOf(origins, 'BedrockModelAccess/ResearchRole/Resource')).toEqual(['teams', 0, 'name']);
    expect(originOf(origins, 'BedrockModelAccess/Other')).toEqual(['teams']);
    expect(originOf(origins, 'Elsewhere/X')).toBeUndefined();
  });
});
