import { describe, expect, it } from 'vitest';
import { CUSTOMIZATION_BASE_MODELS, closestBaseModelIds, customizationBaseModel, customizationSpec } from '../../../policies/customization/base-models';
import { CUSTOMIZATION_TYPES } from '../../../policies/customization/types';

describe('customization base-model table', () => {
  it('has unique ids, each the foundation-model id plus a context-length suffix (Titan Express/Lite: the id without its :0)', () => {
    const ids = CUSTOMIZATION_BASE_MODELS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of CUSTOMIZATION_BASE_MODELS) expect(m.id, m.id).toMatch(new RegExp(`^${m.foundationModelId.replace(/[.:]/g, '\\$&')}(:0)?:\\d+k$`));
  });

  it('gives every model at least one customization type, with positive limits and unconfirmed keys that exist', () => {
    for (const m of CUSTOMIZATION_BASE_MODELS) {
      const types = CUSTOMIZATION_TYPES.filter((t) => m.customizations[t]);
      expect(types.length, m.id).toBeGreaterThan(0);
      for (const t of types) {
        const spec = m.customizations[t]!;
        for (const [key, value] of Object.entries(spec.limits)) expect(value, `${m.id} ${t} ${key}`).toBeGreaterThan(0);
        for (const key of spec.unconfirmed) if (key !== 'format') expect(spec.limits[key], `${m.id} ${t} ${key}`).toBeDefined();
        if (t === 'CONTINUED_PRE_TRAINING') expect(spec.format.kind).toBe('continued-pretraining');
        if (t === 'DISTILLATION') expect(spec.format).toMatchObject({ kind: 'conversation', schema: 'bedrock-conversation-2024', assistant: 'optional' });
      }
    }
  });

  it('records the documented formats: Titan prompt/completion, Claude 3 Haiku Anthropic messages, Nova multi-turn, Claude and Llama distillation single-turn', () => {
    expect(customizationSpec('amazon.titan-text-express-v1:0:8k', 'FINE_TUNING').spec.format.kind).toBe('prompt-completion');
    expect(customizationSpec('anthropic.claude-3-haiku-20240307-v1:0:200k', 'FINE_TUNING').spec).toMatchObject({
      format: { kind: 'conversation', schema: 'anthropic-messages', turns: 'multi' },
      limits: { minRecords: 32, maxTrainingRecords: 10_000, maxValidationRecords: 1_000, maxTokensPerRecord: 32_000 },
      unconfirmed: [],
    });
    expect(customizationSpec('amazon.nova-pro-v1:0', 'DISTILLATION').spec.format).toMatchObject({ turns: 'multi' });
    expect(customizationSpec('meta.llama3-1-8b-instruct-v1:0:128k', 'DISTILLATION').spec.format).toMatchObject({ turns: 'single' });
    expect(customizationSpec('anthropic.claude-3-haiku-20240307-v1:0', 'DISTILLATION').spec.format).toMatchObject({ turns: 'single' });
  });

  it('looks models up by customization id or foundation-model id, and suggests the closest ids', () => {
    expect(customizationBaseModel('amazon.nova-micro-v1:0')?.id).toBe('amazon.nova-micro-v1:0:128k');
    expect(customizationBaseModel('amazon.nova-micro-v1:0:128k')?.name).toBe('Amazon Nova Micro');
    expect(customizationBaseModel('amazon.nova-premier-v1:0')).toBeUndefined();
    expect(closestBaseModelIds('meta.llama3-1-8b-instruct')[0]).toBe('meta.llama3-1-8b-instruct-v1:0:128k');
  });
});
