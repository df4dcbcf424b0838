export * from './catalog';
export * from './status';
export * from './schemas';
export * from './money';
export * from './admin';
export * from './simulator';
