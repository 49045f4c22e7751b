/**
 * OpenAI's Responses API (`POST /responses`) on the same-dialect lane: the client's body goes
 * upstream with the chat lane's targeted edits (model name, Tollgate's own `metadata` keys,
 * service tier), and usage, model and stream events are read in the Responses shape.
 */
import type { Usage } from '../../core/usage.js';
import type { PassthroughChat } from '../adapter.js';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage.js';
import { OpenAIResponsesStreamTracker } from './openai-responses-stream-tracker.js';
import { joinUrl, openAIRequest, prepareOpenAIChatBody, type OpenAICompatibleQuirks } from './prepare-openai-chat.js';

export function createOpenAIResponsesCall(path: string, quirks: OpenAICompatibleQuirks): PassthroughChat {
  return {
    prepare(body, context) {
      const prepared = prepareOpenAIChatBody(body, context, quirks, { asksForStreamUsage: false });
      // Azure serves the Responses API on its v1 surface only (`/openai/v1/responses`, the
      // deployment named in `model`), whatever api-version its chat calls use.
      const account = quirks.deploymentUrls ? { ...context.account, apiVersion: 'v1' } : context.account;
      return openAIRequest(joinUrl(account.baseUrl, path), prepared.body, { account }, quirks, prepared.warnings);
    },
    usageFromBody(body: unknown): Usage | undefined {
      if (!isObject(body)) return undefined;
      const usage = convertOpenAIResponsesUsage(body.usage);
      if (usage && typeof body.service_tier === 'string') usage.serviceTier = body.service_tier;
      return usage;
    },
    modelFromBody(body: unknown): string | undefined {
      if (!isObject(body)) return undefined;
      if (typeof body.model === 'string') return body.model;
      // A stream event names the model inside its `response`.
      const response = body.response;
      return isObject(response) && typeof response.model === 'string' ? response.model : undefined;
    },
    trackStream() {
      return new OpenAIResponsesStreamTracker();
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
