import type { Request } from 'express';
import type { z } from 'zod';
import { type WhopError, invalid } from '../errors';
import { LEGACY_VERSION, SUPPORTED_VERSIONS } from '../versions';

export interface ApiOptions {
  /** When set, only this Bearer key is accepted. */
  apiKey: string | null;
  /** The account a request acts for when it names none (Whop: the API key's account). */
  accountId: string;
}

/** The Api-Version-Date of a request: none means the original behaviour; an unknown date is a 400, as Whop answers. */
export function apiVersion(req: Request): string {
  const header = req.get('api-version-date');
  if (header === undefined) return LEGACY_VERSION;
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(header)) {
    throw invalid(`Unsupported Api-Version-Date "${header}". Supported versions: ${SUPPORTED_VERSIONS.join(', ')}.`, 'Api-Version-Date', 'invalid_api_version');
  }
  return header;
}

export function badRequest(error: z.ZodError): WhopError {
  const issue = error.issues[0];
  const param = issue?.path.join('.') || null;
  return invalid(`Invalid request parameters: ${param ?? 'body'} ${issue?.message ?? ''}`.trim(), param);
}
