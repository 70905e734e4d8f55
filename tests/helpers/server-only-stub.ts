// Server modules start with `import "server-only"`, which throws outside React Server Components;
// tests import those modules directly, so the guard is replaced by this empty module.
export {};
