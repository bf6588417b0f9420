/**
 * The AwsSolutions-IAM5 finding ids a policy document produces, computed the way cdk-nag computes them
 * (`Action::<action with *>`, `Resource::<flattened resource with *>`), per statement, so that each wildcard can be
 * acknowledged with the reason that holds for the statement it comes from.
 */
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One wildcard finding and the statement it comes from. */
export interface WildcardFinding {
  /** `Action::s3:List*` or `Resource::<Bucket.Arn>/prefix/*`. */
  readonly finding: string;
  /** Sid of the statement, when it has one. */
  readonly sid?: string;
}

interface ResolvedStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

/** The wildcard findings of a policy document (an `iam.PolicyDocument` or its JSON), resolved in the scope's stack. */
export function wildcardFindings(scope: IConstruct, document: unknown): WildcardFinding[] {
  const resolved = Stack.of(scope).resolve(document) as { Statement?: ResolvedStatement[] } | undefined;
  const out: WildcardFinding[] = [];
  for (const s of resolved?.Statement ?? []) {
    if (s.Effect !== 'Allow') continue;
    for (const action of list(s.Action).filter((a): a is string => typeof a === 'string' && a.includes('*')))
      out.push({ finding: `Action::${action}`, sid: s.Sid });
    for (const resource of list(s.Resource)
      .map(flattenCfnReference)
      .filter((r) => r.includes('*')))
      out.push({ finding: `Resource::${resource}`, sid: s.Sid });
  }
  return out;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** cdk-nag's flattening of CloudFormation references (`<Logical.Attr>`, `<Ref>`, joins concatenated). */
export function flattenCfnReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\${/g, '<').replace(/}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const o = node as Record<string, unknown>;
    const join = o['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return join[1].map(flattenCfnReference).join(join[0]);
    if ('Fn::Sub' in o) return flattenCfnReference(o['Fn::Sub']);
    const getAtt = o['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${flattenCfnReference(getAtt[0])}.${flattenCfnReference(getAtt[1])}>`;
    if ('Fn::ImportValue' in o) return flattenCfnReference(o['Fn::ImportValue']);
    if ('Ref' in o) return `<${flattenCfnReference(o.Ref)}>`;
  }
  return JSON.stringify(node);
}
