/**
 * Reads every POST body as JSON whatever its content type (curl's default form type included),
 * with an error that says what is wrong and where.
 */
import type { FastifyInstance } from 'fastify';
import { TollgateError } from '../core/errors.js';

export function registerJsonBodyParser(app: FastifyInstance, bodyLimitBytes: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: bodyLimitBytes }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(new TollgateError('invalid_json', 'the request body is empty; send a JSON object', { isRetryable: false }), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      done(new TollgateError('invalid_json', `the body is not valid JSON (${detail})`, { isRetryable: false }), undefined);
    }
  });
}
