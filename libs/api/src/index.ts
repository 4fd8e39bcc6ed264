// @mnist-lab/api: the tRPC router of the tracking server, its type for clients, and how to build a request context.
export { appRouter, type AppRouter } from './root';
export { createContext, type ApiRuntime, type Context, type StoreKind } from './context';
export { createCaller } from './caller';
export { API_ENDPOINT, MAX_BODY_BYTES, MAX_RESPONSE_BYTES, handleApiRequest, type ApiHandlerOptions } from './http';
export { REQUEST_ID_HEADER, requestIdOf } from './request-id';
export { openApiDocument } from './openapi/document';
export { handleRestRequest } from './openapi/rest-handler';
export { apiHandlerFor, pathProblem, probeFor, serveNodeApiRequest, serveProbe, writePathProblem, type Probe } from './node-http';
export { OPENAPI_DOCUMENT_PATH, REST_BASE_PATH } from './openapi/rest-routes';
export { createServerRuntime, type ServerRuntime } from './server/runtime';
export { metricHistoryResponse, modelJsonResponse, modelWeightsResponse, modelZipResponse, runsExportResponse, type DownloadOptions } from './downloads/routes';
export type { NextTrial, TrialAssignment } from './sweeps/next-trial';
export type { SweepProgress, TrialView } from './sweeps/sweep-view';
export type { RunRow } from './runs/run-row';
export type { RunDetail } from './runs/get-run';
export type { RunPage } from './runs/list-runs';
export type { RunCurves, Series } from './runs/curves';
export type { MisclassifiedDigitView } from './runs/misclassified';
