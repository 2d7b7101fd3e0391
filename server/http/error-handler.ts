import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorBody, type ErrorCode } from './errors.js';

type FieldProblem = { path: string; message: string };

const frameworkCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
};

/** The one place where errors become HTTP: `{ error: { code, message, details } }` with stable codes. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let body: ErrorBody;
    let status: number;
    if (error instanceof AppError) {
      status = error.status;
      body = { error: { code: error.code, message: error.message, details: error.details } };
      if (error.code === 'account_locked' || error.code === 'rate_limited') {
        const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (retry) reply.header('retry-after', String(retry));
      }
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const part = error.validationContext ?? 'body';
      const fields: FieldProblem[] = error.validation.map((issue) => ({
        path: [part, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'is invalid',
      }));
      status = 400;
      body = {
        error: {
          code: 'validation_failed',
          message: `Invalid ${fields.map((field) => `${field.path} (${field.message})`).join('; ')}`,
          details: { fields },
        },
      };
    } else if (error.code && frameworkCodes[error.code]) {
      const code = frameworkCodes[error.code]!;
      status = error.statusCode ?? 400;
      body = { error: { code, message: error.message } };
    } else if (error.statusCode === 429) {
      status = 429;
      body = { error: { code: 'rate_limited', message: 'Too many requests: slow down and retry shortly' } };
    } else if (error.statusCode && error.statusCode < 500) {
      status = error.statusCode;
      body = { error: { code: status === 404 ? 'not_found' : 'validation_failed', message: error.message } };
    } else {
      request.log.error({ err: error }, 'unhandled error');
      status = 500;
      body = { error: { code: 'internal', message: 'Something went wrong on our side; it has been logged' } };
    }
    return reply.code(status).type('application/json').send(body);
  });
}
