const Sequencer = require('@jest/test-sequencer').default;

/**
 * The longest files first, so that two workers finish together instead of one waiting on a long
 * file started last. Jest orders by the durations it measured before; a fresh checkout (CI) has none
 * and would order by file size, so the files known to take longest lead, in this order.
 */
const LONGEST = [
  'apps/web/e2e/purchase.e2e.ts',
  'apps/api/test/histories.http.test.ts',
  'apps/api/test/whopMoney.http.test.ts',
  'apps/api/test/storm.http.test.ts',
  'apps/api/test/domain/policy.property.test.ts',
];

class LongestFirst extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const at = LONGEST.findIndex((file) => test.path.endsWith(file));
      return at < 0 ? LONGEST.length : at;
    };
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
