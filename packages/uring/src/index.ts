export {
  Ring,
  type RingOptions,
  type RequestOptions,
  type DataCallback,
  type MessageCallback,
  type DoneCallback,
  type EndCallback,
  type SentCallback,
} from './ring.js'
