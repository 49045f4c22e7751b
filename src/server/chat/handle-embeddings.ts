/** POST /v1/embeddings: routed and priced like chat, always a whole JSON answer. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asTollgateError, TollgateError } from '../../core/errors.js';
import type { GatewayContext } from '../gateway-context.js';
import { readRequestMetadata } from '../read-request-metadata.js';
import { embeddingsBodySchema, parseBody } from './chat-body-schema.js';
import { startExchange } from './exchange.js';
import { recordExchange } from './record-exchange.js';
import { concludeFailedRun, estimatorFor, planAndAdmit } from './plan-exchange.js';
import { attributeToKey, identifyClient } from '../admission/identify-client.js';
import { respondSync } from './respond-sync.js';
import { runUpstream } from './run-upstream.js';

export async function handleEmbeddings(context: GatewayContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const receivedAtMs = context.now();
  const key = await identifyClient(context, request.headers);
  const body = parseBody(embeddingsBodySchema, request.body);
  const meta = readRequestMetadata(request.headers, body, { requestId: request.id, receivedAt: new Date(receivedAtMs), dialect: 'openai' });
  attributeToKey(meta, key);
  const exchange = startExchange(meta, 'embeddings', body.model, false, Number(request.headers['content-length']) || 0, receivedAtMs);
  const clientGone = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) clientGone.abort();
  });
  try {
    const envelope = { body, model: body.model, stream: false, clientAskedUsage: false };
    const estimator = estimatorFor(context, 'openai', envelope, meta, { producesOutput: false });
    const plan = await planAndAdmit(context, exchange, { key, envelope, estimator });
    const run = await runUpstream(context, plan, {
      stream: false,
      signal: clientGone.signal,
      prepare: (target) => {
        const embeddings = target.provider.adapter.embeddings;
        if (!embeddings) {
          throw new TollgateError('invalid_request', `${target.ref}: provider type ${target.provider.account.type} offers no embeddings`, { param: 'model', isRetryable: false });
        }
        return embeddings.prepare(body, { account: target.provider.account, model: target.model });
      },
    });
    exchange.attempts = run.outcome.attempts;
    if (!run.outcome.ok) return await concludeFailedRun(context, exchange, run.outcome.attempts, clientGone.signal);
    const { target, value } = run.outcome;
    if (value.kind !== 'sync') throw new TollgateError('internal_error', 'embeddings answered with a stream');
    exchange.target = target;
    exchange.firstTokenAtMs = value.firstByteAtMs;
    const embeddings = target.provider.adapter.embeddings;
    const rendered = embeddings?.toOpenAIResponse?.(value.json, body, target.model);
    const reading = {
      usage: embeddings?.usageFromBody(value.json),
      servedModel: target.provider.adapter.chat.modelFromBody(rendered ?? value.json),
      ...(rendered ? { text: JSON.stringify(rendered) } : {}),
    };
    await respondSync(context, reply, exchange, { lane: 'passthrough', target, upstream: value, warnings: run.warningsFor(target), reading });
  } catch (thrown) {
    const error = asTollgateError(thrown);
    exchange.status = 'error';
    exchange.httpStatus = error.status;
    exchange.errorCode = error.code;
    await recordExchange(context, exchange);
    throw error;
  }
}
