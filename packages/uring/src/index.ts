export { Ring, type RingOptions, type MultishotOptions, type DataCallback, type MessageCallback, type EndCallback, type SentCallback } from './ring.js'
