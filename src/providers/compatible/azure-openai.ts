/**
 * Azure OpenAI. The base URL is the resource endpoint (`https://{resource}.openai.azure.com`); the
 * model Tollgate sends is the deployment name, which goes into the path
 * (`/openai/deployments/{deployment}/chat/completions?api-version=…`, the version from
 * `apiVersion` in config, else the GA version below), and the key travels in `api-key`.
 * Deployment names map to priced models through the account's `deployments`, which routing reads.
 * `metadata` is only accepted together with stored completions, so it is not forwarded.
 * The Responses API is relayed too, on Azure's v1 surface (`/openai/v1/responses`).
 */
import { createOpenAICompatibleAdapter } from '../openai/openai-adapter.js';

/** The newest generally-available data-plane version when this adapter was written. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

export const azureOpenAIAdapter = createOpenAICompatibleAdapter({
  type: 'azure-openai',
  defaultBaseUrl: 'https://YOUR-RESOURCE.openai.azure.com',
  quirks: { authHeader: 'api-key', rejectsMetadata: true, deploymentUrls: { defaultApiVersion: AZURE_DEFAULT_API_VERSION } },
  responsesPath: '/responses',
});
