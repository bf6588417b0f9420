import { describe, it, expect } from 'vitest';
import * as fs from 'node:fs';
import { CATALOG_PATH, Catalog, loadCatalog } from '../../../../policies/iam/catalog/catalog';
import { serializeCatalog } from '../../../../policies/iam/catalog/format';
import type { CatalogData } from '../../../../policies/iam/catalog/types';
import { parseProfileId, partitionForRegion } from '../../../../policies/iam/catalog/validate';

/** A small valid catalog; tests derive broken variants from it. */
function small(): CatalogData {
  return {
    schemaVersion: 1,
    asOf: '2026-01-01',
    source: 'test',
    regions: [
      { id: 'eu-west-1', partition: 'aws' },
      { id: 'us-east-1', partition: 'aws' },
      { id: 'us-east-2', partition: 'aws' },
      { id: 'us-gov-west-1', partition: 'aws-us-gov' },
      { id: 'us-west-2', partition: 'aws' },
    ],
    models: [
      {
        id: 'anthropic.claude-3-haiku-20240307-v1:0',
        provider: 'Anthropic',
        name: 'Claude 3 Haiku',
        inputModalities: ['IMAGE', 'TEXT'],
        outputModalities: ['TEXT'],
        onDemandRegions: ['us-east-1', 'us-west-2'],
        profileOnly: false,
      },
      {
        id: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
        provider: 'Anthropic',
        name: 'Claude Sonnet 4.5',
        inputModalities: ['IMAGE', 'TEXT'],
        outputModalities: ['TEXT'],
        onDemandRegions: [],
        profileOnly: true,
      },
    ],
    inferenceProfiles: [
      {
        id: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
        modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
        geography: 'global',
        destinations: { 'eu-west-1': ['eu-west-1', 'us-east-1', 'us-east-2', 'us-west-2'] },
      },
      {
        id: 'us.anthropic.claude-3-haiku-20240307-v1:0',
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        geography: 'us',
        destinations: { 'us-east-1': ['us-east-1', 'us-west-2'], 'us-east-2': ['us-east-1', 'us-east-2', 'us-west-2'] },
      },
    ],
  };
}

type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
type Loose = Record<string, unknown>;

/** A mutable deep copy of the small catalog, for building malformed variants. */
function broken(mutate: (d: DeepMutable<CatalogData>) => void): CatalogData {
  const copy = JSON.parse(JSON.stringify(small())) as DeepMutable<CatalogData>;
  mutate(copy);
  return copy;
}

describe('Catalog lookups', () => {
  const catalog = Catalog.fromData(small());

  it('finds models, profiles and regions by id', () => {
    expect(catalog.model('anthropic.claude-3-haiku-20240307-v1:0')?.name).toBe('Claude 3 Haiku');
    expect(catalog.model('anthropic.nope')).toBeUndefined();
    expect(catalog.profile('us.anthropic.claude-3-haiku-20240307-v1:0')?.destinations['us-east-2']).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    expect(catalog.profile('eu.anthropic.claude-3-haiku-20240307-v1:0')).toBeUndefined();
    expect(catalog.region('us-gov-west-1')).toEqual({ id: 'us-gov-west-1', partition: 'aws-us-gov' });
    expect(catalog.region('xx-nowhere-1')).toBeUndefined();
  });

  it('exposes the lists and raw data', () => {
    expect(catalog.models).toHaveLength(2);
    expect(catalog.profiles).toHaveLength(2);
    expect(catalog.regionIds).toEqual(['eu-west-1', 'us-east-1', 'us-east-2', 'us-gov-west-1', 'us-west-2']);
    expect(catalog.data.asOf).toBe('2026-01-01');
    expect(catalog.profilesForModel('anthropic.claude-3-haiku-20240307-v1:0').map((p) => p.id)).toEqual(['us.anthropic.claude-3-haiku-20240307-v1:0']);
  });

  it('gives the partition of known and unknown regions', () => {
    expect(catalog.partitionOf('us-east-1')).toBe('aws');
    expect(catalog.partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(catalog.partitionOf('us-gov-east-1')).toBe('aws-us-gov');
    expect(catalog.partitionOf('cn-north-1')).toBe('aws-cn');
    expect(catalog.partitionOf('ap-southeast-9')).toBe('aws');
  });

  it('unions the sources and destinations of a geography', () => {
    expect(catalog.geographyRegions('us')).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    expect(catalog.geographyRegions('global')).toEqual(['eu-west-1', 'us-east-1', 'us-east-2', 'us-west-2']);
    expect(catalog.geographyRegions('eu')).toEqual([]);
    expect(catalog.geographyRegions('mars')).toEqual([]);
  });

  it('splits profile ids into geography and model id', () => {
    expect(parseProfileId('us-gov.anthropic.claude-3-haiku-20240307-v1:0')).toEqual({ geography: 'us-gov', modelId: 'anthropic.claude-3-haiku-20240307-v1:0' });
    expect(parseProfileId('us.amazon.nova-pro-v1:0')).toEqual({ geography: 'us', modelId: 'amazon.nova-pro-v1:0' });
    expect(parseProfileId('anthropic.claude-3-haiku-20240307-v1:0')).toBeUndefined();
    expect(partitionForRegion('us-gov-east-1')).toBe('aws-us-gov');
  });
});

describe('Catalog validation', () => {
  it('accepts the small catalog', () => {
    expect(() => Catalog.fromData(small())).not.toThrow();
  });

  it('fails when a model id is duplicated', () => {
    const data = broken((d) => d.models.push({ ...d.models[0]! }));
    expect(() => Catalog.fromData(data)).toThrow(/models\[2\] 'anthropic\.claude-3-haiku-20240307-v1:0': duplicate id/);
  });

  it('fails when a profile id is duplicated', () => {
    const data = broken((d) => d.inferenceProfiles.push({ ...d.inferenceProfiles[1]! }));
    expect(() => Catalog.fromData(data)).toThrow(/inferenceProfiles\[2\] 'us\.anthropic\.claude-3-haiku-20240307-v1:0': duplicate id/);
  });

  it('fails when a region is duplicated', () => {
    const data = broken((d) => d.regions.push({ id: 'us-east-1', partition: 'aws' }));
    expect(() => Catalog.fromData(data)).toThrow(/regions\[5\] 'us-east-1': duplicate id/);
  });

  it('fails when a profile modelId is not its id without the prefix', () => {
    const data = broken((d) => (d.inferenceProfiles[1]!.modelId = 'anthropic.claude-3-sonnet-20240229-v1:0'));
    expect(() => Catalog.fromData(data)).toThrow(/'us\.anthropic\.claude-3-haiku-20240307-v1:0': modelId must be 'anthropic\.claude-3-haiku-20240307-v1:0'/);
  });

  it('fails when a profile geography does not match its prefix', () => {
    const data = broken((d) => (d.inferenceProfiles[1]!.geography = 'eu'));
    expect(() => Catalog.fromData(data)).toThrow(/geography must be 'us'/);
  });

  it('fails when a profile id has no known geography prefix', () => {
    const data = broken((d) => (d.inferenceProfiles[1]!.id = 'mars.anthropic.claude-3-haiku-20240307-v1:0'));
    expect(() => Catalog.fromData(data)).toThrow(/'mars\.anthropic\.claude-3-haiku-20240307-v1:0': id has no known geography prefix/);
  });

  it('fails when destinations name an unknown region', () => {
    const data = broken((d) => d.inferenceProfiles[1]!.destinations['us-east-1']!.push('us-west-1'));
    expect(() => Catalog.fromData(data)).toThrow(/destinations\['us-east-1'\]: names unknown region 'us-west-1'/);
  });

  it('fails when a source region is unknown', () => {
    const data = broken((d) => (d.inferenceProfiles[1]!.destinations['ca-central-1'] = ['us-east-1']));
    expect(() => Catalog.fromData(data)).toThrow(/names unknown source region 'ca-central-1'/);
  });

  it('fails when a source region has no destinations', () => {
    const data = broken((d) => (d.inferenceProfiles[1]!.destinations['us-east-1'] = []));
    expect(() => Catalog.fromData(data)).toThrow(/destinations\['us-east-1'\]: must not be empty/);
  });

  it('fails when a model names an unknown on-demand region', () => {
    const data = broken((d) => d.models[0]!.onDemandRegions.push('eu-central-1'));
    expect(() => Catalog.fromData(data)).toThrow(/models\[0\] 'anthropic\.claude-3-haiku-20240307-v1:0'\.onDemandRegions: names unknown region 'eu-central-1'/);
  });

  it('fails when a profile-only model lists on-demand regions', () => {
    const data = broken((d) => (d.models[1]!.onDemandRegions = ['us-east-1']));
    expect(() => Catalog.fromData(data)).toThrow(/'anthropic\.claude-sonnet-4-5-20250929-v1:0': is profileOnly but lists onDemandRegions/);
  });

  it('fails when a region has the wrong partition', () => {
    const data = broken((d) => (d.regions[3]!.partition = 'aws'));
    expect(() => Catalog.fromData(data)).toThrow(/regions\[3\] 'us-gov-west-1': partition 'aws' does not match region us-gov-west-1/);
  });

  it('fails when a model misses required fields', () => {
    const data = broken((d) => {
      const model = d.models[0] as unknown as Loose;
      delete model.name;
      model.profileOnly = 'no';
    });
    expect(() => Catalog.fromData(data)).toThrow(/name must be a non-empty string[\s\S]*profileOnly must be true or false/);
  });

  it('fails when the schema version or date is wrong', () => {
    const data = broken((d) => {
      (d as unknown as Loose).schemaVersion = 2;
      d.asOf = 'yesterday';
    });
    expect(() => Catalog.fromData(data)).toThrow(/schemaVersion: must be 1[\s\S]*asOf: must be a YYYY-MM-DD date/);
  });

  it('fails when the top-level lists are missing', () => {
    expect(() => Catalog.fromData({} as CatalogData)).toThrow(/regions: must be an array/);
  });

  it('fails when the JSON text does not parse', () => {
    expect(() => Catalog.fromJson('{ nope', 'bad.json')).toThrow(/bad\.json is not valid JSON/);
  });
});

describe('committed catalog.json', () => {
  const catalog = loadCatalog();

  it('loads, validates and is cached', () => {
    expect(loadCatalog()).toBe(catalog);
    expect(catalog.models.length).toBeGreaterThan(50);
    expect(catalog.profiles.length).toBeGreaterThan(50);
  });

  it('is sorted and formatted as the refresh writes it', () => {
    expect(fs.readFileSync(CATALOG_PATH, 'utf8')).toBe(serializeCatalog(catalog.data));
  });

  it('has the US Claude 3 Haiku profile with its documented destinations', () => {
    const p = catalog.profile('us.anthropic.claude-3-haiku-20240307-v1:0');
    expect(p?.modelId).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    expect(p?.destinations['us-east-1']).toEqual(['us-east-1', 'us-west-2']);
    expect(p?.destinations['us-east-2']).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    expect(catalog.model('anthropic.claude-3-haiku-20240307-v1:0')?.onDemandRegions).toContain('us-east-1');
  });

  it('has global profiles that route to every commercial region', () => {
    const p = catalog.profile('global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    const commercial = catalog.data.regions.filter((r) => r.partition === 'aws').map((r) => r.id);
    expect(p?.geography).toBe('global');
    expect(p?.destinations['eu-west-1']).toEqual(commercial);
    expect(catalog.model('anthropic.claude-sonnet-4-5-20250929-v1:0')?.profileOnly).toBe(true);
  });

  it('has a profile of every documented geography and a model for every profile', () => {
    const geographies = new Set(catalog.profiles.map((p) => p.geography));
    expect([...geographies].sort()).toEqual(['apac', 'au', 'ca', 'eu', 'global', 'jp', 'us', 'us-gov']);
    for (const p of catalog.profiles) expect(catalog.model(p.modelId), p.id).toBeDefined();
  });

  it('keeps GovCloud regions in their own partition', () => {
    expect(catalog.partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    for (const r of catalog.geographyRegions('us-gov')) expect(catalog.partitionOf(r)).toBe('aws-us-gov');
  });
});
