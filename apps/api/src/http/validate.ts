import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Parses input with a shared zod schema; failures become a 400 problem listing each field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.code === 'unrecognized_keys' ? `unexpected field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  throw new ValidationError(`The ${what} is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`, errors);
}
