export { Ring } from './ring.js'
export type {
  RingOptions,
  RingStats,
  RequestOptions,
  RecvMsgOptions,
  DataCallback,
  MessageCallback,
  DoneCallback,
  EndCallback,
  SentCallback,
} from './options.js'
