// The Kaggle-compatible server: start it with data built in memory or loaded from a folder.
export { startKaggleServer, type KaggleServer, type KaggleServerOptions } from './server.js';
export { loadFolder, DEFAULT_VOTES } from './load-folder.js';
export { FaultPlan, type FaultKind, type FaultRule } from './faults.js';
export type { RequestRecord, ServerCompetition, ServerData, ServerFile, ServerKernel } from './types.js';
