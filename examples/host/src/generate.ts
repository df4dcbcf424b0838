/**
 * A long job paid in credits: hold the most it may cost, do the work, then capture what it cost or
 * release the hold if it failed (docs/integration.md, "Long jobs", shows this function). The work is
 * a stand-in for a model call: it takes a moment, costs by the length of the prompt, and fails when
 * asked to.
 */
export interface CreditsBackend {
  /** Where the credits API is, and the SERVICE_API_KEY it accepts. */
  url: string;
  serviceKey: string;
}

export class NotEnoughCredits extends Error {
  override name = 'NotEnoughCredits';
}

const MAX_COST = 50;

async function runModel(prompt: string): Promise<{ text: string; cost: number }> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  if (/\bfail\b/i.test(prompt)) throw new Error('the model failed');
  return { text: `A story about ${prompt}.`, cost: Math.min(MAX_COST, 10 + prompt.length) };
}

export async function generate(credits: CreditsBackend, userId: string, jobId: string, prompt: string) {
  const api = `${credits.url}/api/credits`;
  const auth = { authorization: `Bearer ${credits.serviceKey}`, 'content-type': 'application/json' };
  // Once per job: the job id is the Idempotency-Key, so a retried request holds once.
  const held = await fetch(`${api}/holds`, {
    method: 'POST',
    headers: { ...auth, 'idempotency-key': `hold-${jobId}` },
    body: JSON.stringify({ userId, credits: MAX_COST, reason: `generation ${jobId}`, expiresInSeconds: 600 }),
  });
  if (held.status === 409) throw new NotEnoughCredits(); // problem+json: insufficient_credits
  if (!held.ok) throw new Error(`the credits API answered ${held.status}`);
  const { hold } = (await held.json()) as { hold: { id: string } };
  try {
    const result = await runModel(prompt);
    // Capturing the same amount again answers as the first: safe to retry.
    await fetch(`${api}/holds/${hold.id}/capture`, { method: 'POST', headers: auth, body: JSON.stringify({ credits: result.cost }) });
    return result;
  } catch (err) {
    await fetch(`${api}/holds/${hold.id}/release`, { method: 'POST', headers: auth });
    throw err;
  }
}
