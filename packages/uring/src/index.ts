export { Ring, type RingOptions, type MultishotOptions, type DataCallback, type EndCallback, type SentCallback } from './ring.js'
