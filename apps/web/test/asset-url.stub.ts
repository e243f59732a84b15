// Jest stand-in for Vite's `?url` imports (root.tsx imports its stylesheet that way): the URL
// of an asset does not matter to the tests that import route modules.
export default '/assets/stub.css';
