/**
 * Semantic checks of the customization section: unique names, references between datasets, jobs and provisioned
 * throughput, base models in the catalog, dataset files on disk, and commitments acknowledged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closestBaseModelIds, customizationBaseModel } from '../customization/base-models';
import type { CustomizationType } from '../customization/types';
import { closest } from '../iam/glob';
import { constructId } from './ids';
import type { ConfigPathSegment } from './issues';
import type { SemanticContext } from './semantic-context';

/** The API's name of a customization type: `fine-tuning` → `FINE_TUNING`. */
function apiType(type: string): CustomizationType {
  return type.toUpperCase().replace(/-/g, '_') as CustomizationType;
}

/** Checks that Bedrock can customize the base model with this customization type (the base-model table). */
function checkBaseModel(ctx: SemanticContext, at: readonly ConfigPathSegment[], baseModel: string, type: string): void {
  const model = customizationBaseModel(baseModel);
  if (!model) {
    ctx.report([...at, 'baseModel'], 'model', `is not a base model Bedrock can customize; closest: ${closestBaseModelIds(baseModel).join(', ')}`, {
      value: baseModel,
    });
  } else if (model.customizations[apiType(type)] === undefined) {
    const supported = Object.keys(model.customizations).map((t) => t.toLowerCase().replace(/_/g, '-'));
    ctx.report([...at, 'customizationType'], 'model', `is not offered for ${model.id}; accepted for this model: ${supported.join(', ')}`, { value: type });
  }
}

/** Checks that a foundation model (or, with profiles, an inference profile) id is in the model catalog. */
function checkCatalogModel(ctx: SemanticContext, at: readonly ConfigPathSegment[], id: string, profiles: boolean): void {
  if (ctx.catalog.model(id) !== undefined || (profiles && ctx.catalog.profile(id) !== undefined)) return;
  const ids = [...ctx.catalog.models.map((m) => m.id), ...(profiles ? ctx.catalog.profiles.map((p) => p.id) : [])];
  ctx.report(at, 'model', `is not in the model catalog; closest catalog ids: ${closest(id, ids, 3).join(', ')}`, { value: id });
}

/**
 * Reports values of `field` used twice in a section; with `ids`, also names that differ but become the same construct
 * id (`math-tutor` and `MathTutor`). Returns the index of each value.
 */
function unique(ctx: SemanticContext, values: readonly string[], section: string, field: string, ids = false): Map<string, number> {
  const index = new Map<string, number>();
  const byId = new Map<string, number>();
  values.forEach((value, i) => {
    const first = index.get(value);
    const id = constructId(value);
    const sameId = byId.get(id);
    if (first !== undefined) {
      ctx.report(['customization', section, i, field], 'duplicate', `repeats customization.${section}[${first}].${field}`, { value });
    } else if (ids && sameId !== undefined) {
      ctx.report(
        ['customization', section, i, field],
        'construct-id',
        `becomes the construct id ${id}, as customization.${section}[${sameId}].${field} '${values[sameId]}' does; rename one (ids keep letters and digits only)`,
        { value },
      );
    } else {
      index.set(value, i);
      byId.set(id, i);
    }
  });
  return index;
}

/** Checks datasets, jobs and provisioned throughput. */
export function checkCustomization(ctx: SemanticContext): void {
  const c = ctx.config.customization;
  if (!c) return;
  const datasets = unique(
    ctx,
    c.datasets.map((d) => d.name),
    'datasets',
    'name',
    true,
  );
  const jobs = unique(
    ctx,
    c.jobs.map((j) => j.name),
    'jobs',
    'name',
    true,
  );
  unique(
    ctx,
    c.jobs.map((j) => j.customModelName),
    'jobs',
    'customModelName',
  );
  unique(
    ctx,
    c.provisionedThroughput.map((p) => p.name),
    'provisionedThroughput',
    'name',
    true,
  );

  c.datasets.forEach((d, i) => {
    checkBaseModel(ctx, ['customization', 'datasets', i], d.baseModel, d.customizationType);
    d.files?.forEach((file, f) => {
      const full = path.resolve(ctx.baseDir, file);
      const stat = fs.statSync(full, { throwIfNoEntry: false });
      if (!stat)
        ctx.report(['customization', 'datasets', i, 'files', f], 'file', `does not exist (looked for ${full}); paths are relative to the config file`, {
          value: file,
        });
      else if (!stat.isFile()) ctx.report(['customization', 'datasets', i, 'files', f], 'file', `is not a file (${full})`, { value: file });
    });
  });

  const rejected = ctx.config.rejectedNames ?? { datasets: [], jobs: [] };
  // Lists may have holes where the schema rejected an entry (see ConfigParts.customization).
  const datasetNames = c.datasets.map((d) => d.name).filter((n) => n !== undefined);
  c.jobs.forEach((job, j) => {
    checkBaseModel(ctx, ['customization', 'jobs', j], job.baseModel, job.customizationType);
    if (job.customizationType === 'distillation' && job.teacherModel === undefined) {
      ctx.report(['customization', 'jobs', j, 'customizationType'], 'missing', 'needs a teacherModel (the model whose answers the student learns)', {
        value: job.customizationType,
      });
    } else if (job.customizationType !== 'distillation' && job.teacherModel !== undefined) {
      ctx.report(['customization', 'jobs', j, 'teacherModel'], 'invalid', `applies to distillation only; the job is ${job.customizationType}`, {
        value: job.teacherModel,
      });
    } else if (job.teacherModel !== undefined) {
      checkCatalogModel(ctx, ['customization', 'jobs', j, 'teacherModel'], job.teacherModel, true);
    }
    for (const field of ['trainingDataset', 'validationDataset'] as const) {
      const name = job[field];
      if (name === undefined) continue;
      const at: ConfigPathSegment[] = ['customization', 'jobs', j, field];
      const d = datasets.get(name);
      if (d === undefined && rejected.datasets.includes(name)) continue;
      if (d === undefined) {
        ctx.report(at, 'reference', `names no dataset; accepted: ${datasetNames.length > 0 ? datasetNames.join(', ') : '(customization.datasets is empty)'}`, {
          value: name,
        });
        continue;
      }
      const dataset = c.datasets[d]!;
      if (dataset.customizationType !== job.customizationType) {
        ctx.report(
          at,
          'reference',
          `is a ${dataset.customizationType} dataset (customization.datasets[${d}]) but the job is ${job.customizationType}; accepted: a dataset of the same customization type`,
          { value: name },
        );
      }
      if (customizationBaseModel(dataset.baseModel)?.id !== customizationBaseModel(job.baseModel)?.id) {
        ctx.report(
          at,
          'reference',
          `was prepared for ${dataset.baseModel} (customization.datasets[${d}]) but the job customizes ${job.baseModel}; check the record format`,
          { value: name, severity: 'warning' },
        );
      }
    }
  });

  const jobNames = c.jobs.map((j) => j.name).filter((n) => n !== undefined);
  c.provisionedThroughput.forEach((pt, p) => {
    const base: ConfigPathSegment[] = ['customization', 'provisionedThroughput', p];
    if (pt.model.job !== undefined && !jobs.has(pt.model.job) && !rejected.jobs.includes(pt.model.job)) {
      ctx.report(
        [...base, 'model', 'job'],
        'reference',
        `names no job; accepted: ${jobNames.length > 0 ? jobNames.join(', ') : '(customization.jobs is empty)'}`,
        {
          value: pt.model.job,
        },
      );
    }
    if (pt.model.foundationModel !== undefined) checkCatalogModel(ctx, [...base, 'model', 'foundationModel'], pt.model.foundationModel, false);
    if (pt.commitment !== 'none' && pt.acknowledgeCommitmentCost !== true) {
      ctx.report(
        [...base, 'commitment'],
        'invalid',
        `commits to ${pt.modelUnits} model unit${pt.modelUnits === 1 ? '' : 's'} for ${pt.commitment === 'one-month' ? 'one month' : 'six months'}, billed whether used or not; set acknowledgeCommitmentCost: true to accept the cost`,
        { value: pt.commitment },
      );
    }
  });
}
