export { Ring } from './ring.js'
export type { RingOptions, RingStats, RequestOptions, DataCallback, MessageCallback, DoneCallback, EndCallback, SentCallback } from './options.js'
