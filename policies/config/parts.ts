/**
 * The parts of a config that match the schema, so that the semantic pass can check every part the schema accepted
 * even when another part has schema errors: each top-level section on its own, and each team on its own. A check
 * that needs a part the schema rejected is skipped (its problem is already reported by the schema).
 */
import { z } from 'zod';
import {
  ComplianceConfig,
  CustomizationConfig,
  GovernanceConfig,
  GovernanceConfigSchema,
  LandingZoneConfig,
  OrganizationConfig,
  Team,
  TeamConfig,
} from './schema';
import { Dataset, Job, ProvisionedThroughput } from './schema-customization';

/** A team that matches the schema, with its index in the file's list. */
export interface IndexedTeam {
  readonly index: number;
  readonly team: TeamConfig;
}

/** The parts of a config that match the schema; a part the schema rejected is undefined. */
export interface ConfigParts {
  readonly account?: string;
  readonly regions?: readonly string[];
  readonly landingZone?: LandingZoneConfig;
  /** The top-level guardrail (undefined also when absent: see guardrailValid). */
  readonly guardrail?: GovernanceConfig['guardrail'];
  /** False when the guardrail section is present and rejected by the schema. */
  readonly guardrailValid: boolean;
  readonly organization?: OrganizationConfig;
  /** The teams that match the schema (all of them for a valid config), in file order. */
  readonly teams: readonly IndexedTeam[];
  /**
   * The customization section. When the section as a whole is rejected, each of its lists holds the entries the
   * schema accepted at their own index, the others left as holes (which `forEach` and `map` skip), so that positions
   * stay right; `rejectedNames` then holds the names of the rejected entries, which references may still name.
   */
  readonly customization?: CustomizationConfig;
  /** Names of customization entries the schema rejected, by list (references to them are not reported again). */
  readonly rejectedNames?: { readonly datasets: readonly string[]; readonly jobs: readonly string[] };
  readonly compliance?: ComplianceConfig;
}

/** The parts of a config that matched the schema as a whole. */
export function partsOf(config: GovernanceConfig): ConfigParts {
  return {
    account: config.account,
    regions: config.regions,
    landingZone: config.landingZone,
    guardrail: config.guardrail,
    guardrailValid: true,
    organization: config.organization,
    teams: config.teams.map((team, index) => ({ index, team })),
    customization: config.customization,
    compliance: config.compliance,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parts of arbitrary data (a config the schema rejected) that match the schema, each section on its own. */
export function partsOfData(data: unknown): ConfigParts {
  const obj = isRecord(data) ? data : {};
  const shape = GovernanceConfigSchema.shape;
  const parse = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
    const r = schema.safeParse(value);
    return r.success ? r.data : undefined;
  };
  const whole = parse(shape.teams, obj.teams);
  const teams: IndexedTeam[] = whole
    ? whole.map((team, index) => ({ index, team }))
    : Array.isArray(obj.teams)
      ? obj.teams.flatMap((t: unknown, index) => {
          const team = parse(Team, t);
          return team ? [{ index, team }] : [];
        })
      : [];
  return {
    account: parse(shape.account, obj.account),
    regions: parse(shape.regions, obj.regions),
    landingZone: parse(shape.landingZone, obj.landingZone),
    guardrail: parse(shape.guardrail, obj.guardrail),
    guardrailValid: shape.guardrail.safeParse(obj.guardrail).success,
    organization: parse(shape.organization, obj.organization),
    teams,
    ...customizationParts(obj.customization, parse(shape.customization, obj.customization)),
    compliance: parse(shape.compliance, obj.compliance),
  };
}

/** The customization section, or, when it is rejected, its lists entry by entry (see ConfigParts.customization). */
function customizationParts(raw: unknown, whole: CustomizationConfig | undefined): Pick<ConfigParts, 'customization' | 'rejectedNames'> {
  if (whole || !isRecord(raw)) return { customization: whole };
  const rejected = { datasets: [] as string[], jobs: [] as string[] };
  const list = <T>(key: 'datasets' | 'jobs' | 'provisionedThroughput', schema: z.ZodType<T>): T[] => {
    const items = raw[key];
    const out: T[] = [];
    if (!Array.isArray(items)) return out;
    items.forEach((item: unknown, i) => {
      const r = schema.safeParse(item);
      if (r.success) out[i] = r.data;
      else if (key !== 'provisionedThroughput' && isRecord(item) && typeof item.name === 'string') rejected[key].push(item.name);
    });
    out.length = items.length;
    return out;
  };
  return {
    customization: {
      datasets: list('datasets', Dataset),
      jobs: list('jobs', Job),
      provisionedThroughput: list('provisionedThroughput', ProvisionedThroughput),
    },
    rejectedNames: rejected,
  };
}
