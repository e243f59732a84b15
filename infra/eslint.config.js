export { default } from '@clearframe/config/eslint';
