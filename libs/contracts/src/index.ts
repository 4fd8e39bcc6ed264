// Zod schemas shared by the trainer, the API and the store: the single definition of what a run is.
export * from './hyperparams';
export * from './attempt';
export * from './metric';
export * from './config';
export * from './storable';
export * from './architecture';
export * from './run';
export * from './query';
export * from './env';
export * from './requests';
export * from './sweep';
export * from './sweep-requests';
export * from './analysis-requests';
export * from './export-requests';
export * from './seeded-random';
export * from './ticks';
