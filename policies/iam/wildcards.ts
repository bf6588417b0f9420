/**
 * Why each wildcard in an Allow statement is there. Compliance packs flag wildcard resources
 * (AwsSolutions-IAM5); every wildcard this engine emits has a specific cause, named here, so that each
 * finding can be acknowledged with its own reason and shown in reports.
 */
import { CONDITION_KEYS } from './actions';
import { asArray, PolicyDocumentJson, PolicyStatementJson } from './document';
import { globMatches, isGlob } from './glob';
import type { ResolvedSpec } from './model-access';
import type { ResolvedReference } from './resolve';
import { THROUGHPUT_TAG_CONDITION, THROUGHPUT_TAG_KEY } from './throughput';

/** One wildcard resource of an Allow statement and the reason it is there. */
export interface WildcardReason {
  /** Index of the document holding the statement. */
  readonly document: number;
  readonly sid: string;
  /** The resource as written in the policy (tokens unresolved). */
  readonly resource: string;
  readonly reason: string;
}

function refLabel(ref: ResolvedReference): string {
  return `${ref.field} '${ref.kind === 'foundation-model' || ref.kind === 'inference-profile' ? ref.pattern : ref.arn}'`;
}

function resourceId(arn: string): string {
  return arn.slice(arn.indexOf('/') + 1);
}

function reasonFor(stmt: PolicyStatementJson, resource: string, resolved: ResolvedSpec): string {
  const sid = (stmt.Sid ?? '').replace(/P\d+$/, '');
  const conditionArns = asArray(stmt.Condition?.ArnLike?.[CONDITION_KEYS.inferenceProfileArn]);
  if (sid === 'ListCatalog')
    return 'bedrock:ListFoundationModels and bedrock:ListInferenceProfiles accept only Resource "*" (catalogRead: read-only, no invocation)';
  if (sid === 'ReadCatalog')
    return 'read-only GetFoundationModel/GetInferenceProfile on the model catalog of a listed region (catalogRead); grants no invocation';
  if (sid.startsWith('ViaProfile') || sid === 'ViaAppProfiles') {
    return `destination-region model grant usable only through ${[...new Set(conditionArns.map(resourceId))].join(', ')} (condition ${CONDITION_KEYS.inferenceProfileArn}); AWS routes such calls only to the profile's own model`;
  }
  if (sid.startsWith('InvokeThroughput')) {
    const names = asArray(stmt.Condition?.StringEquals?.[THROUGHPUT_TAG_CONDITION]);
    return `a provisioned model's ARN ends in an id AWS generates when it is bought; the grant holds only for the provisioned models whose tag ${THROUGHPUT_TAG_KEY} is ${names.join(', ')} (condition ${THROUGHPUT_TAG_CONDITION}), a tag the principals may not change`;
  }
  const id = resourceId(resource);
  const ref = resolved.allow.find((r) =>
    r.kind === 'foundation-model' || r.kind === 'inference-profile' ? r.glob && r.pattern === id : isGlob(r.arn) && r.arn === resource,
  );
  if (ref)
    return `${refLabel(ref)} is a glob written in the access spec; invocation stays limited to matching ids in the listed regions (${resolved.regions.join(', ')})`;
  const any = resolved.allow.find((r) => (r.kind === 'foundation-model' || r.kind === 'inference-profile' ? globMatches(id, r.pattern) : false));
  return any ? `${refLabel(any)} from the access spec` : 'wildcard in the access spec';
}

/**
 * Every wildcard resource of the Allow statements, once per document (as compliance findings are reported),
 * with its reasons joined when several statements of the document use the same wildcard.
 */
export function explainWildcards(documents: readonly PolicyDocumentJson[], resolved: ResolvedSpec): WildcardReason[] {
  const out: WildcardReason[] = [];
  documents.forEach((doc, document) => {
    const byResource = new Map<string, { sids: string[]; reasons: string[] }>();
    for (const stmt of doc.Statement) {
      if (stmt.Effect !== 'Allow') continue;
      for (const resource of asArray(stmt.Resource)) {
        if (!isGlob(resource)) continue;
        const entry = byResource.get(resource) ?? { sids: [], reasons: [] };
        const reason = reasonFor(stmt, resource, resolved);
        if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
        entry.sids.push(stmt.Sid ?? '');
        byResource.set(resource, entry);
      }
    }
    for (const [resource, { sids, reasons }] of byResource) out.push({ document, sid: sids.join(','), resource, reason: reasons.join('; and ') });
  });
  return out;
}
