import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderLandingZoneDoc } from '../../bin/landing-zone-doc';
import { acknowledgementsTable, mermaidDiagram, replaceGenerated } from '../../policies/report/landing-zone-doc';

describe('docs/landing-zone.md', () => {
  it('is up to date with the synthesized reference app (run `npm run docs`)', () => {
    const file = path.join(__dirname, '..', '..', 'docs', 'landing-zone.md');
    const current = fs.readFileSync(file, 'utf8');
    expect(renderLandingZoneDoc(current, fs.mkdtempSync(path.join(os.tmpdir(), 'cbg-doc-')))).toBe(current);
  });
});

describe('landing-zone doc generators', () => {
  it('groups resources by top-level construct and draws references between groups', () => {
    const md = mermaidDiagram('S', {
      Resources: {
        KeyA: { Type: 'AWS::KMS::Key', Metadata: { 'aws:cdk:path': 'S/Keys/A/Resource' } },
        KeyB: { Type: 'AWS::KMS::Key', Metadata: { 'aws:cdk:path': 'S/Keys/B/Resource' } },
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { Key: { 'Fn::GetAtt': ['KeyA', 'Arn'] } }, Metadata: { 'aws:cdk:path': 'S/Trail/Bucket/Resource' } },
      },
    });
    expect(md).toContain('Keys["<b>Keys</b><br/>KMS::Key ×2"]');
    expect(md).toContain('Trail --> Keys');
  });

  it('lists acknowledgements with pack, finding, construct and reason', () => {
    const table = acknowledgementsTable({
      pluginReports: [
        { pluginName: 'P', suppressedViolations: [{ ruleName: 'R[x|y]', reason: 'because a|b', violatingConstructs: [{ constructPath: 'S/C' }] }] },
      ],
    });
    expect(table.split('\n')[2]).toBe('| P | R[x\\|y] | S/C | because a\\|b |');
  });

  it('fails when the markers are missing', () => {
    expect(() => replaceGenerated('no markers', 'diagram', 'x')).toThrow(/markers <!-- generated:diagram -->/);
  });
});
