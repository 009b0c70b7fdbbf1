// Types only: see global.d.ts.
export {};
