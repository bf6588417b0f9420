/**
 * The `landingZone` section of the governance config: what SecureLandingZoneStack builds in each region.
 */
import { z } from 'zod';
import { KNOWN_BEDROCK_DATA_EVENT_RESOURCE_TYPES } from '../../constructs/audit-trail/data-event-types';
import { AccountId, Acknowledgements, modelList, ModelReference, Region } from './schema-common';

/** Bedrock interface endpoint services (the values of BEDROCK_ENDPOINT_SERVICES; a test keeps them in step). */
export const ENDPOINT_SERVICES = ['bedrock', 'bedrock-runtime', 'bedrock-agent', 'bedrock-agent-runtime', 'bedrock-mantle'] as const;

/** Finite retention periods CloudWatch Logs offers, in days (the finite values of logs.RetentionDays). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** What removing the invocation logging does to the account's configuration. */
export const INVOCATION_LOGGING_ON_DELETE = ['restore-previous', 'delete'] as const;

const CIDR_RE = /^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\/(1[6-9]|2[0-8])$/;

/** Models the bedrock-runtime endpoint carries. */
export const EndpointModels = z
  .strictObject({
    allow: modelList('the runtime endpoint carries nothing otherwise').describe('Models callers may invoke through the runtime endpoint.'),
    deny: z.array(ModelReference).optional().describe('Models never carried by the endpoint; a deny overlapping an allow wins. Default: none.'),
  })
  .meta({ id: 'EndpointModels', description: 'Models the bedrock-runtime endpoint carries (its endpoint policy).' });

const Network = z
  .strictObject({
    vpcCidr: z
      .string()
      .regex(CIDR_RE, 'must be an IPv4 CIDR block from /16 to /28, e.g. 10.40.0.0/16')
      .default('10.40.0.0/16')
      .describe('CIDR of the new VPC.'),
    maxAzs: z
      .number()
      .int()
      .min(1)
      .max(6)
      .default(2)
      .describe('Availability zones of the new VPC (each needs its entry in cdk.context.json for offline synth).'),
    services: z
      .array(z.enum(ENDPOINT_SERVICES))
      .min(1, 'must list at least one endpoint service')
      .default(['bedrock', 'bedrock-runtime'])
      .describe('Bedrock services that get an interface endpoint. Teams with requireVpcEndpoint need bedrock-runtime.'),
    allowedPrefixLists: z
      .array(z.string().regex(/^pl-[0-9a-f]{8,17}$/, 'must be a managed prefix list id, pl- followed by 8 to 17 hex digits'))
      .optional()
      .describe('Managed prefix lists admitted to the endpoints on HTTPS. Default: none (a client security group is created for workloads).'),
    principals: z
      .strictObject({
        organizationId: z
          .string()
          .regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id, o- followed by 10 to 32 lowercase letters or digits')
          .optional()
          .describe('Organization whose principals may use the endpoints. Default: none.'),
        accounts: z
          .array(AccountId)
          .min(1, 'must list at least one account when given')
          .optional()
          .describe('Accounts whose principals may use the endpoints. Default: none.'),
      })
      .refine((p) => p.organizationId !== undefined || p.accounts !== undefined, {
        message: 'names no principal; accepted: an organizationId (o-…), accounts, or both (an endpoint open to every AWS principal is not accepted)',
      })
      .optional()
      .describe('Principals that may use the endpoints (organization, accounts, or both). Default: principals of the landing-zone account.'),
  })
  .describe('The isolated VPC and its Bedrock interface endpoints.');

const Keys = z
  .strictObject({
    aliasPrefix: z
      .string()
      .regex(/^alias\/(?!aws)[a-zA-Z0-9/_-]{1,200}$/, "must be 'alias/' followed by letters, digits, '/', '_' or '-', not 'alias/aws…'")
      .default('alias/bedrock-governance')
      .describe('Prefix of the key aliases (<prefix>/audit-logs, /invocation-logs, /training-data).'),
    rotationDays: z.number().int().min(90).max(2560).default(365).describe('Automatic key rotation period, in days (90 to 2560).'),
  })
  .describe('Customer-managed KMS keys by purpose.');

const Trail = z
  .strictObject({
    name: z
      .string()
      .regex(
        /^(?!.*[._-]{2})[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/,
        "must be 3 to 128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, no two of '._-' in a row",
      )
      .describe('Name of the trail created in the first region; the other regions reference it. With existingTrailArn, the name of that trail.'),
    multiRegion: z.boolean().default(true).describe('Record events of every region of the partition, not only the first region.'),
    dataEventResourceTypes: z
      .array(z.enum(KNOWN_BEDROCK_DATA_EVENT_RESOURCE_TYPES as [string, ...string[]]))
      .optional()
      .describe(
        'Bedrock resource types whose data events are recorded; an empty list records management events only. Default: every Bedrock data-event resource type.',
      ),
    existingTrailArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:[0-9]{12}:trail\/[^/]+$/, 'must be a trail ARN, arn:aws:cloudtrail:<region>:<account>:trail/<name>')
      .optional()
      .describe('Reference this trail (e.g. an organization trail) in every region instead of creating one. Default: a trail is created.'),
  })
  .describe('The audit trail with Bedrock data events.');

const InvocationLogging = z
  .strictObject({
    deliverToS3: z.boolean().default(true).describe('Deliver invocation logs to the encrypted S3 bucket.'),
    deliverToCloudWatchLogs: z.boolean().default(true).describe('Deliver invocation logs to a CloudWatch Logs log group (large payloads go to the bucket).'),
    textDataDeliveryEnabled: z.boolean().default(true).describe('Include text (prompts and completions) in the logs.'),
    imageDataDeliveryEnabled: z.boolean().default(true).describe('Include images in the logs.'),
    embeddingDataDeliveryEnabled: z.boolean().default(true).describe('Include embeddings in the logs.'),
    videoDataDeliveryEnabled: z.boolean().default(false).describe('Include video in the logs.'),
    audioDataDeliveryEnabled: z.boolean().default(false).describe('Include audio in the logs.'),
    onDelete: z
      .enum(INVOCATION_LOGGING_ON_DELETE)
      .default('restore-previous')
      .describe("What deleting the stack does to the account's logging configuration (logs themselves are always retained)."),
    objectLockRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(36500)
      .optional()
      .describe('Turn on S3 Object Lock on the log bucket with this default retention (governance mode), in days. Default: no object lock.'),
  })
  .refine((l) => l.deliverToS3 || l.deliverToCloudWatchLogs, {
    message: 'deliverToS3 and deliverToCloudWatchLogs are both false; accepted: at least one destination',
  })
  .describe('Model invocation logging of the account, in each landing-zone region.');

/** The landing zone: keys, private endpoints, audit trail and invocation logging in each region. */
export const LandingZone = z
  .strictObject({
    network: Network.prefault({}).describe('The isolated VPC and its Bedrock interface endpoints.'),
    endpointModels: EndpointModels,
    endpointModelsByRegion: z
      .record(Region, EndpointModels)
      .optional()
      .describe(
        'Endpoint model lists for regions that need their own (geography prefixes differ by region), by region code. Default: endpointModels everywhere.',
      ),
    keys: Keys.prefault({}).describe('Customer-managed KMS keys by purpose.'),
    logRetentionDays: z
      .literal(LOG_RETENTION_DAYS)
      .default(365)
      .describe('Retention of every log group of the landing zone (trail, invocation logs, flow logs), in days: a finite CloudWatch Logs value.'),
    trail: Trail,
    invocationLogging: InvocationLogging.prefault({}).describe('Model invocation logging of the account, in each landing-zone region.'),
    acknowledgements: Acknowledgements.optional().describe(
      'Warnings on the endpoint policy the platform team accepts (e.g. a deny overriding a glob), each with its reason. Default: none.',
    ),
  })
  .describe('The secure landing zone deployed in each of the regions: keys, private endpoints, audit trail, invocation logging.');
