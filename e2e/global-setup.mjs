export { setup as default } from './seeded-stack.mjs';
