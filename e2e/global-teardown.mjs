export { teardown as default } from './seeded-stack.mjs';
