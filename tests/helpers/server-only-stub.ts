// Stands in for the "server-only" package under vitest: the real one throws when imported outside
// React Server Components, and tests import server modules directly.
export {};
