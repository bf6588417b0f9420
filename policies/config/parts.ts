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
  readonly customization?: CustomizationConfig;
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
    customization: parse(shape.customization, obj.customization),
    compliance: parse(shape.compliance, obj.compliance),
  };
}
