import { openMongoStore } from '../src/store/mongo/open';
import { isUnavailable } from '../src/http/problem';

describe('MongoDB adapter start-up', () => {
  it('fails within seconds, recognisably, when no server answers', async () => {
    const started = Date.now();
    const error = await openMongoStore('mongodb://127.0.0.1:9/credits?directConnection=true').catch((err: unknown) => err);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toMatch(/^Mongo(ose)?ServerSelectionError$/);
    // The same error during a request answers 503.
    expect(isUnavailable(error)).toBe(true);
  });
});
