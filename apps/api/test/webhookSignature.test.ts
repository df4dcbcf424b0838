import { signWebhook } from '@credits/whop-sim';
import { WebhookSignatureError, WebhookVerifier } from '../src/whop/webhook';

const WHOP_VECTOR = {
  secret: 'ws_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  id: 'msg_2xTestVector0000000000A',
  timestamp: '1767225600',
  body: '{"id":"msg_2xTestVector0000000000A","type":"payment.succeeded","api_version":"v1","timestamp":"2026-01-01T00:00:00.000Z","company_id":"biz_TestCompany01","data":{"id":"pay_TestPayment001","status":"paid","substatus":"succeeded","total":10.0,"currency":"usd","metadata":{"pack":"10"}}}',
  signature: 'v1,Qku/P8jlrig56rOXCrSzZOoanmpXoXg1X4HwsnX+zc4=',
};

/** The Standard Webhooks specification's published vector (a base64 `whsec_` key). */
const STANDARD_VECTOR = {
  key: Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'),
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

function headers(v: { id: string; timestamp: string; signature: string }) {
  return { 'webhook-id': v.id, 'webhook-timestamp': v.timestamp, 'webhook-signature': v.signature };
}

/** The library behind the verifier reads Date.now(), so the clock is fixed for both. */
function atTime(seconds: string) {
  jest.useFakeTimers({ now: Number(seconds) * 1000, doNotFake: ['nextTick', 'setImmediate'] });
}

afterEach(() => {
  jest.useRealTimers();
});

describe('Whop webhook signature verification', () => {
  it("accepts Whop's documented vector with the raw ws_ secret as key", () => {
    atTime(WHOP_VECTOR.timestamp);
    expect(WHOP_VECTOR.body).toHaveLength(284);
    const event = WebhookVerifier.forWhopSecret(WHOP_VECTOR.secret).verify(Buffer.from(WHOP_VECTOR.body), headers(WHOP_VECTOR));
    expect(event).toMatchObject({ id: WHOP_VECTOR.id, type: 'payment.succeeded', accountId: 'biz_TestCompany01' });
  });

  it('signs the Whop vector identically in the simulator', () => {
    expect(signWebhook(WHOP_VECTOR.secret, WHOP_VECTOR.id, Number(WHOP_VECTOR.timestamp), WHOP_VECTOR.body)).toBe(WHOP_VECTOR.signature);
  });

  it('accepts the Standard Webhooks golden vector', () => {
    atTime(STANDARD_VECTOR.timestamp);
    const verifier = new WebhookVerifier(new Uint8Array(STANDARD_VECTOR.key));
    // The golden body is not a Whop envelope: the signature passes, the envelope check then refuses it.
    expect(() => verifier.verify(Buffer.from(STANDARD_VECTOR.body), headers(STANDARD_VECTOR))).toThrow('not a Whop event envelope');
    const tampered = { ...STANDARD_VECTOR, signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF=' };
    expect(() => verifier.verify(Buffer.from(STANDARD_VECTOR.body), headers(tampered))).toThrow(WebhookSignatureError);
  });

  it('rejects the Whop vector when the secret is base64-decoded the stock way', () => {
    atTime(WHOP_VECTOR.timestamp);
    const wrongKey = new WebhookVerifier(new Uint8Array(Buffer.from(WHOP_VECTOR.secret.slice(3), 'base64')));
    expect(() => wrongKey.verify(Buffer.from(WHOP_VECTOR.body), headers(WHOP_VECTOR))).toThrow(WebhookSignatureError);
  });

  it('accepts any one matching signature among several, ignoring other versions', () => {
    atTime(WHOP_VECTOR.timestamp);
    const several = { ...WHOP_VECTOR, signature: `v1,AAAAbm9wZQ== v2,whatever ${WHOP_VECTOR.signature}` };
    expect(() => WebhookVerifier.forWhopSecret(WHOP_VECTOR.secret).verify(Buffer.from(WHOP_VECTOR.body), headers(several))).not.toThrow();
  });

  it.each([
    ['300 s old', 300, true],
    ['301 s old', 301, false],
    ['300 s ahead', -300, true],
    ['301 s ahead', -301, false],
  ])('with a timestamp %s: accepted=%s', (_what, ageSeconds, accepted) => {
    const now = Number(WHOP_VECTOR.timestamp) + ageSeconds;
    atTime(String(now));
    const verify = () => WebhookVerifier.forWhopSecret(WHOP_VECTOR.secret).verify(Buffer.from(WHOP_VECTOR.body), headers(WHOP_VECTOR));
    if (accepted) expect(verify).not.toThrow();
    else expect(verify).toThrow(WebhookSignatureError);
  });

  it.each([' 1767225600', '1767225600.0', '0x69557D80', '-1767225600', ''])('rejects the timestamp %p', (timestamp) => {
    atTime(WHOP_VECTOR.timestamp);
    expect(() => WebhookVerifier.forWhopSecret(WHOP_VECTOR.secret).verify(Buffer.from(WHOP_VECTOR.body), headers({ ...WHOP_VECTOR, timestamp }))).toThrow(WebhookSignatureError);
  });

  it('refuses a blank secret', () => {
    expect(() => WebhookVerifier.forWhopSecret('  ')).toThrow('must not be blank');
  });
});
