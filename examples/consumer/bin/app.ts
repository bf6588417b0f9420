// A team's own app (cdk.json: "app": "npx tsx bin/app.ts"): the governed app from the package, on governance.yaml
// (or `cdk synth -c config=other.yaml`). For stacks of your own next to the governed ones, call buildGovernanceApp.
import { runGovernedApp } from 'cdk-bedrock-governance';

process.exitCode = runGovernedApp().exitCode;
