import { describe } from 'vitest';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import { rateLimiterContract } from './rate-limiter.contract.js';

describe('MemoryRateLimiter', () => {
  rateLimiterContract(async () => new MemoryRateLimiter());
});
