export {
  Ring,
  type RingOptions,
  type MultishotOptions,
  type DataCallback,
  type MessageCallback,
  type DoneCallback,
  type EndCallback,
  type SentCallback,
} from './ring.js'
