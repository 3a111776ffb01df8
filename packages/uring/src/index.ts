export { Ring, type RingOptions, type DataCallback, type EndCallback, type SentCallback } from './ring.js'
