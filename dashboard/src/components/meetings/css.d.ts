// The meeting pages' stylesheet is imported by their components (Vite bundles it into a file of its
// own, so CSP `style-src 'self'` holds); TypeScript only needs to know such an import exists.
declare module '*.css';
