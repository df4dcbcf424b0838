export * from './catalog';
export * from './status';
export * from './schemas';
export * from './problems';
export * from './money';
export * from './admin';
export * from './simulator';
export * from './memos';
