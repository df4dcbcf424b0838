// Vercel's function entry: every API path is rewritten here (see vercel.json).
export { default } from '../apps/api/src/serverless';
