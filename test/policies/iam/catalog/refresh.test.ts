import { describe, it, expect, beforeEach } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  BedrockClient,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  type FoundationModelSummary,
  type InferenceProfileSummary,
  type ListInferenceProfilesCommandInput,
} from '@aws-sdk/client-bedrock';
import { Catalog } from '../../../../policies/iam/catalog/catalog';
import { buildCatalog, fetchRegion, isCredentialsError, refreshCatalog, type RegionListing } from '../../../../policies/iam/catalog/refresh';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

function model(id: string, types: string[], extra: Partial<FoundationModelSummary> = {}): FoundationModelSummary {
  return {
    modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${id}`,
    modelId: id,
    modelName: id.includes('haiku') ? 'Claude 3 Haiku' : 'Claude Sonnet 4.5',
    providerName: 'Anthropic',
    inputModalities: ['TEXT', 'IMAGE'],
    outputModalities: ['TEXT'],
    // The SDK union lacks INFERENCE_PROFILE, which the API returns.
    inferenceTypesSupported: types as FoundationModelSummary['inferenceTypesSupported'],
    ...extra,
  };
}

function profile(id: string, modelId: string, regions: string[], partition = 'aws'): InferenceProfileSummary {
  return {
    inferenceProfileId: id,
    inferenceProfileName: id,
    inferenceProfileArn: `arn:${partition}:bedrock:us-east-1:111122223333:inference-profile/${id}`,
    models: regions.map((r) => ({ modelArn: `arn:${partition}:bedrock:${r}::foundation-model/${modelId}` })),
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
  };
}

/** What ListFoundationModels / ListInferenceProfiles return in each mocked region. */
const MODELS: Record<string, FoundationModelSummary[]> = {
  'us-east-1': [model(HAIKU, ['ON_DEMAND']), model(SONNET, ['INFERENCE_PROFILE']), model(`${HAIKU}:48k`, ['PROVISIONED'])],
  'us-east-2': [model(HAIKU, ['INFERENCE_PROFILE']), model(SONNET, ['INFERENCE_PROFILE'])],
  'us-west-2': [model(HAIKU, ['ON_DEMAND', 'INFERENCE_PROFILE']), model(SONNET, ['INFERENCE_PROFILE'])],
};
/** Profiles per region, split into pages to exercise nextToken. */
const PROFILE_PAGES: Record<string, InferenceProfileSummary[][]> = {
  'us-east-1': [
    [profile(`us.${HAIKU}`, HAIKU, ['us-east-1', 'us-west-2'])],
    [profile(`us.${SONNET}`, SONNET, ['us-east-1', 'us-east-2', 'us-west-2'])],
    [
      {
        ...profile(`global.${SONNET}`, SONNET, ['us-east-1']),
        models: [{ modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${SONNET}` }, { modelArn: `arn:aws:bedrock:::foundation-model/${SONNET}` }],
      },
    ],
  ],
  'us-east-2': [
    [profile(`us.${HAIKU}`, HAIKU, ['us-east-1', 'us-east-2', 'us-west-2']), profile(`us.${SONNET}`, SONNET, ['us-east-1', 'us-east-2', 'us-west-2'])],
  ],
  'us-west-2': [[profile(`us.${HAIKU}`, HAIKU, ['us-west-2', 'us-east-1'])], [profile(`us.${SONNET}`, SONNET, ['us-east-1', 'us-east-2', 'us-west-2'])]],
};

const bedrockMock = mockClient(BedrockClient);
const profileRequests: { region: string; input: ListInferenceProfilesCommandInput }[] = [];

beforeEach(() => {
  bedrockMock.reset();
  profileRequests.length = 0;
  bedrockMock.on(ListFoundationModelsCommand).callsFake(async (_input: unknown, getClient: () => BedrockClient) => {
    const region = await getClient().config.region();
    return { modelSummaries: MODELS[region] ?? [] };
  });
  bedrockMock.on(ListInferenceProfilesCommand).callsFake(async (input: ListInferenceProfilesCommandInput, getClient: () => BedrockClient) => {
    const region = await getClient().config.region();
    profileRequests.push({ region, input });
    const pages = PROFILE_PAGES[region] ?? [[]];
    const page = input.nextToken === undefined ? 0 : Number(input.nextToken);
    const next = page + 1 < pages.length ? String(page + 1) : undefined;
    return { inferenceProfileSummaries: pages[page] ?? [], nextToken: next };
  });
});

const clientFor = (region: string): BedrockClient => new BedrockClient({ region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

describe('fetchRegion', () => {
  it('lists all models and every page of system-defined profiles', async () => {
    const listing = await fetchRegion('us-east-1', clientFor('us-east-1'));
    expect(listing.region).toBe('us-east-1');
    expect(listing.models.map((m) => m.modelId)).toEqual([HAIKU, SONNET, `${HAIKU}:48k`]);
    expect(listing.profiles.map((p) => p.inferenceProfileId)).toEqual([`us.${HAIKU}`, `us.${SONNET}`, `global.${SONNET}`]);
    expect(profileRequests.map((r) => r.input.nextToken)).toEqual([undefined, '1', '2']);
    expect(profileRequests.every((r) => r.input.typeEquals === 'SYSTEM_DEFINED')).toBe(true);
    expect(bedrockMock.commandCalls(ListFoundationModelsCommand)[0]?.args[0].input).toEqual({});
  });
});

describe('refreshCatalog', () => {
  it('builds destinations per source region, on-demand regions and profile-only flags', async () => {
    const { data, skipped } = await refreshCatalog(['us-east-1', 'us-east-2', 'us-west-2'], clientFor, '2026-03-01');
    expect(skipped).toEqual([]);
    const catalog = Catalog.fromData(data);
    expect(data.asOf).toBe('2026-03-01');
    expect(data.source).toContain('us-east-1, us-east-2, us-west-2');

    const haikuProfile = catalog.profile(`us.${HAIKU}`);
    expect(haikuProfile?.destinations).toEqual({
      'us-east-1': ['us-east-1', 'us-west-2'],
      'us-east-2': ['us-east-1', 'us-east-2', 'us-west-2'],
      'us-west-2': ['us-east-1', 'us-west-2'],
    });
    expect(haikuProfile?.modelId).toBe(HAIKU);
    expect(haikuProfile?.geography).toBe('us');

    expect(catalog.model(HAIKU)).toEqual({
      id: HAIKU,
      provider: 'Anthropic',
      name: 'Claude 3 Haiku',
      inputModalities: ['IMAGE', 'TEXT'],
      outputModalities: ['TEXT'],
      onDemandRegions: ['us-east-1', 'us-west-2'],
      profileOnly: false,
    });
    expect(catalog.model(SONNET)?.profileOnly).toBe(true);
    expect(catalog.model(SONNET)?.onDemandRegions).toEqual([]);
    expect(catalog.model(`${HAIKU}:48k`)).toBeUndefined();
    expect(catalog.regionIds).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
  });

  it('expands a region-less (global) model ARN to every region of the partition', async () => {
    const { data } = await refreshCatalog(['us-east-1', 'us-east-2', 'us-west-2'], clientFor, '2026-03-01');
    const global = Catalog.fromData(data).profile(`global.${SONNET}`);
    expect(global?.geography).toBe('global');
    expect(global?.destinations).toEqual({ 'us-east-1': ['us-east-1', 'us-east-2', 'us-west-2'] });
  });

  it('skips a region whose listing fails and keeps the others', async () => {
    bedrockMock.on(ListFoundationModelsCommand).callsFake(async (_input: unknown, getClient: () => BedrockClient) => {
      const region = await getClient().config.region();
      if (region === 'us-west-2')
        throw Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException' });
      return { modelSummaries: MODELS[region] ?? [] };
    });
    const { data, skipped } = await refreshCatalog(['us-east-1', 'us-west-2'], clientFor, '2026-03-01');
    expect(skipped).toEqual([{ region: 'us-west-2', message: 'The security token included in the request is invalid.' }]);
    expect(data.source).toMatch(/ in us-east-1$/);
    expect(Catalog.fromData(data).profile(`us.${HAIKU}`)?.destinations).toEqual({ 'us-east-1': ['us-east-1', 'us-west-2'] });
  });

  it('aborts on missing credentials', async () => {
    bedrockMock
      .on(ListFoundationModelsCommand)
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    await expect(refreshCatalog(['us-east-1', 'us-west-2'], clientFor)).rejects.toSatisfy(isCredentialsError);
  });

  it('fails when no region can be listed', async () => {
    bedrockMock.on(ListFoundationModelsCommand).rejects(new Error('boom'));
    await expect(refreshCatalog(['us-east-1'], clientFor)).rejects.toThrow(/No region could be listed: us-east-1 \(boom\)/);
  });
});

describe('buildCatalog', () => {
  it('is pure and deterministic whatever the listing order', () => {
    const listings: RegionListing[] = [
      { region: 'us-west-2', models: MODELS['us-west-2'] ?? [], profiles: (PROFILE_PAGES['us-west-2'] ?? []).flat() },
      { region: 'us-east-2', models: MODELS['us-east-2'] ?? [], profiles: (PROFILE_PAGES['us-east-2'] ?? []).flat() },
    ];
    const a = buildCatalog(listings, '2026-03-01');
    const b = buildCatalog([...listings].reverse(), '2026-03-01');
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.models.map((m) => m.id)).toEqual([HAIKU, SONNET]);
    expect(a.models[0]?.onDemandRegions).toEqual(['us-west-2']);
  });

  it('ignores application profiles and ids without a geography prefix', () => {
    const app = { ...profile('my-app-profile', HAIKU, ['us-east-1']), type: 'APPLICATION' as const };
    const odd = profile('zz.anthropic.claude', HAIKU, ['us-east-1']);
    const data = buildCatalog([{ region: 'us-east-1', models: [], profiles: [app, odd] }], '2026-03-01');
    expect(data.inferenceProfiles).toEqual([]);
  });

  it('records GovCloud regions in the aws-us-gov partition', () => {
    const gov = profile(`us-gov.${HAIKU}`, HAIKU, ['us-gov-east-1', 'us-gov-west-1'], 'aws-us-gov');
    const data = buildCatalog([{ region: 'us-gov-east-1', models: [], profiles: [gov] }], '2026-03-01');
    expect(data.regions).toEqual([
      { id: 'us-gov-east-1', partition: 'aws-us-gov' },
      { id: 'us-gov-west-1', partition: 'aws-us-gov' },
    ]);
    expect(Catalog.fromData(data).profile(`us-gov.${HAIKU}`)?.destinations).toEqual({ 'us-gov-east-1': ['us-gov-east-1', 'us-gov-west-1'] });
  });
});
