import { describe, expect, it } from 'vitest';
import type { PolicyStatementJson } from '../../../policies/iam/document';
import { packStatements, policySize, PolicyPackingError } from '../../../policies/iam/size';

const rule = { ignoreWhitespace: true } as const;
const limits = (maxCharacters: number, maxDocuments: number) => ({
  ...rule,
  maxCharacters,
  maxDocuments,
  documentKind: 'managed policy',
  documentKinds: 'managed policies',
  remedy: 'Do less.',
});
/** A statement whose single resource has `n` characters. */
const stmt = (sid: string, n: number): PolicyStatementJson => ({ Sid: sid, Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: `arn:${'x'.repeat(n)}` });

describe('policySize', () => {
  it('does not count whitespace for IAM and counts it for SCPs', () => {
    const doc = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: 'a:b', Resource: 'x y' }] };
    expect(policySize(doc, { ignoreWhitespace: false }) - policySize(doc, { ignoreWhitespace: true })).toBe(1);
  });
  it('counts a token at its resolved length', () => {
    const token = '${Token[AWS.AccountId.1]}';
    expect(policySize(stmt('A', 10), rule)).toBe(policySize({ ...stmt('A', 10), Resource: `arn:${'x'.repeat(10)}` }, rule));
    expect(policySize({ ...stmt('A', 0), Resource: `arn:${token}` }, { ...rule, resolvedLengths: { [token]: 12 } })).toBe(policySize(stmt('A', 12), rule));
  });
});

describe('packStatements', () => {
  it('packs by decreasing size, so items that fit by total fit in the document count', () => {
    // Sizes in order 4 small, then 2 large: first fit in order would need 3 documents; decreasing fits 2.
    const small = [stmt('S1', 100), stmt('S2', 100), stmt('S3', 100), stmt('S4', 100)];
    const large = [stmt('L1', 300), stmt('L2', 300)];
    const all = [...small, ...large];
    const per = (s: PolicyStatementJson) => policySize(s, rule);
    const capacity = per(large[0]!) + 2 * per(small[0]!) + 2 + policySize({ Version: '2012-10-17', Statement: [] }, rule);
    const docs = packStatements(all, limits(capacity, 2));
    expect(docs).toHaveLength(2);
    for (const d of docs) expect(policySize(d, rule)).toBeLessThanOrEqual(capacity);
    // order inside each document follows the input order
    for (const d of docs) {
      const order = d.Statement.map((s) => all.indexOf(s));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('splits an oversized Resource list, keeping every resource', () => {
    const big: PolicyStatementJson = {
      Sid: 'Big',
      Effect: 'Allow',
      Action: 'bedrock:InvokeModel',
      Resource: Array.from({ length: 50 }, (_, i) => `arn:aws:bedrock:us-east-1::foundation-model/m-${i}`),
    };
    const docs = packStatements([big], limits(1000, 10));
    expect(docs.length).toBeGreaterThan(1);
    expect(docs.flatMap((d) => d.Statement.flatMap((s) => s.Resource as string[] | string))).toHaveLength(50);
  });

  it('never splits a NotResource statement and says so', () => {
    const notResource: PolicyStatementJson = {
      Sid: 'Deny',
      Effect: 'Deny',
      Action: 'bedrock:InvokeModel',
      NotResource: Array.from({ length: 50 }, (_, i) => `arn:aws:bedrock:*::foundation-model/m-${i}`),
    };
    expect(() => packStatements([notResource], limits(1000, 10))).toThrow(PolicyPackingError);
    expect(() => packStatements([notResource], limits(1000, 10))).toThrow(
      /statement Deny needs \d+ characters, over the managed policy limit of 1000, and cannot be split/,
    );
  });

  it('reports the real total when over the document count', () => {
    const all = Array.from({ length: 6 }, (_, i) => stmt(`S${i}`, 200));
    const one = policySize(all[0]!, rule) + policySize({ Version: '2012-10-17', Statement: [] }, rule);
    expect(() => packStatements(all, limits(one, 5))).toThrow(new RegExp(`needs 6 managed policies \\(${6 * one} characters in all\\)`));
  });
});
