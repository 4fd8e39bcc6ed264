// What the dashboard receives from the API, inferred from the router so a change there breaks the build here.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@mnist-lab/api';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type RunList = RouterOutputs['runs']['list'];
export type RunRow = RunList['runs'][number];
export type RunDetail = RouterOutputs['runs']['get'];
export type RunCurves = RouterOutputs['runs']['curves']['runs'][number];
export type MisclassifiedDigit = RouterOutputs['runs']['misclassified']['digits'][number];
export type MisclassifiedSort = NonNullable<RouterInputs['runs']['misclassified']['sort']>;
