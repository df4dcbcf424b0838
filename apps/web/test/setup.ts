import '@testing-library/jest-dom';
import { backend, server } from './backend';

// jsdom lays nothing out, so nothing is ever resized.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

beforeAll(() =>
  server.listen({
    // An unexpected request is a defect: recorded here and failed in afterEach.
    onUnhandledRequest: (request) => {
      backend.unhandled.push(`${request.method} ${request.url}`);
    },
  }),
);
afterEach(() => {
  const unhandled = [...backend.unhandled];
  server.resetHandlers();
  backend.reset();
  sessionStorage.clear();
  localStorage.clear();
  expect(unhandled).toEqual([]);
});
afterAll(() => server.close());
