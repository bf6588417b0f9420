/** The CreateModelCustomizationJob request the workflow sends (without jobName), from the validated props. */
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { ModelCustomizationJobProps } from './model-customization-job';
import type { JobSettings } from './validate';

/** The CreateModelCustomizationJob request (without jobName), in the API's field names. */
export function jobRequest(props: ModelCustomizationJobProps, settings: JobSettings, role: iam.IRole): Record<string, unknown> {
  const { bucket, keyPrefix } = props.output;
  const tags = settings.tags.map((t) => ({ key: t.key, value: t.value }));
  return {
    roleArn: role.roleArn,
    baseModelIdentifier: props.baseModel,
    customizationType: settings.customizationType,
    customModelName: props.customModelName,
    trainingDataConfig: { s3Uri: props.trainingData.s3Uri },
    ...(props.validationData ? { validationDataConfig: { validators: [{ s3Uri: props.validationData.s3Uri }] } } : {}),
    outputDataConfig: { s3Uri: `s3://${bucket.bucketName}/${keyPrefix}` },
    ...(Object.keys(settings.hyperParameters).length > 0 ? { hyperParameters: settings.hyperParameters } : {}),
    ...(props.customModelKey ? { customModelKmsKeyId: props.customModelKey.keyArn } : {}),
    ...(props.vpcConfig
      ? {
          vpcConfig: {
            subnetIds: props.vpcConfig.vpc.selectSubnets(props.vpcConfig.subnets).subnetIds,
            securityGroupIds: props.vpcConfig.securityGroups.map((sg) => sg.securityGroupId),
          },
        }
      : {}),
    ...(settings.teacherModelId
      ? {
          customizationConfig: {
            distillationConfig: {
              teacherModelConfig: {
                teacherModelIdentifier: settings.teacherModelId,
                ...(props.maxResponseLengthForInference !== undefined ? { maxResponseLengthForInference: props.maxResponseLengthForInference } : {}),
              },
            },
          },
        }
      : {}),
    ...(tags.length > 0 ? { jobTags: tags, customModelTags: tags } : {}),
  };
}
