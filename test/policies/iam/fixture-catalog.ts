import { Catalog } from '../../../policies/iam/catalog/catalog';
import type { CatalogData } from '../../../policies/iam/catalog/types';

const US = ['us-east-1', 'us-east-2', 'us-west-2'];
const EU = ['eu-central-1', 'eu-west-1', 'eu-west-3'];
const ALL = [...US, ...EU, 'ap-northeast-1'];
const to = (dests: string[], sources: string[]): Record<string, string[]> => Object.fromEntries(sources.map((s) => [s, dests]));

/** A small, stable catalog for unit tests (the simulation matrix uses the real one). */
export const FIXTURE_DATA: CatalogData = {
  schemaVersion: 1,
  asOf: '2026-11-01',
  source: 'test fixture',
  regions: [...ALL.map((id) => ({ id, partition: 'aws' })), { id: 'us-gov-west-1', partition: 'aws-us-gov' }],
  models: [
    {
      id: 'amazon.nova-lite-v1:0',
      provider: 'Amazon',
      name: 'Nova Lite',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['TEXT'],
      onDemandRegions: ['us-east-1'],
      profileOnly: false,
    },
    {
      id: 'amazon.nova-pro-v1:0',
      provider: 'Amazon',
      name: 'Nova Pro',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['TEXT'],
      onDemandRegions: ['us-east-1'],
      profileOnly: false,
    },
    {
      id: 'anthropic.claude-3-haiku-20240307-v1:0',
      provider: 'Anthropic',
      name: 'Claude 3 Haiku',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['TEXT'],
      onDemandRegions: ['us-east-1', 'us-west-2', 'eu-central-1'],
      profileOnly: false,
    },
    {
      id: 'anthropic.claude-3-opus-20240229-v1:0',
      provider: 'Anthropic',
      name: 'Claude 3 Opus',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['TEXT'],
      onDemandRegions: ['us-west-2'],
      profileOnly: false,
    },
    {
      id: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      provider: 'Anthropic',
      name: 'Claude Sonnet 4.5',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['TEXT'],
      onDemandRegions: [],
      profileOnly: true,
    },
    {
      id: 'meta.llama3-1-8b-instruct-v1:0',
      provider: 'Meta',
      name: 'Llama 3.1 8B Instruct',
      inputModalities: ['TEXT'],
      outputModalities: ['TEXT'],
      onDemandRegions: ['us-west-2'],
      profileOnly: false,
    },
  ],
  inferenceProfiles: [
    { id: 'eu.anthropic.claude-3-haiku-20240307-v1:0', modelId: 'anthropic.claude-3-haiku-20240307-v1:0', geography: 'eu', destinations: to(EU, EU) },
    {
      id: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
      modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      geography: 'global',
      destinations: to(ALL, ['us-east-1', 'us-west-2', 'eu-west-1']),
    },
    { id: 'us.amazon.nova-pro-v1:0', modelId: 'amazon.nova-pro-v1:0', geography: 'us', destinations: to(US, US) },
    {
      id: 'us.anthropic.claude-3-haiku-20240307-v1:0',
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      geography: 'us',
      destinations: { 'us-east-1': ['us-east-1', 'us-west-2'], 'us-east-2': US, 'us-west-2': ['us-east-1', 'us-west-2'] },
    },
    { id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0', geography: 'us', destinations: to(US, US) },
  ],
};

export const fixtureCatalog = (): Catalog => Catalog.fromData(FIXTURE_DATA);
export const ACCOUNT = '123456789012';
