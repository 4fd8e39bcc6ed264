// Types of compiled-build.js, for the spec that checks it.
export function currentBuild(dist: string): string | undefined;
