import { ApiError } from '../../lib/apiClient';
import type { AdminKey } from './messages';
import { useAdminText } from './useAdminText';
import { ErrorMessage, ProblemMessage } from '@credits/react';

/** Refusals only an operator meets, said in the console's words; every other error as the buyer's pages say it. */
export function AdminProblem({ error, onRetry }: { error: unknown; onRetry?(): void }) {
  const { a, has } = useAdminText();
  const key = error instanceof ApiError ? (`problem.${error.code}` as AdminKey) : null;
  if (key && has(key)) return <ErrorMessage>{a(key)}</ErrorMessage>;
  return <ProblemMessage error={error} onRetry={onRetry} />;
}
