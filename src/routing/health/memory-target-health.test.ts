import { MemoryTargetHealth } from './memory-target-health.js';
import { describeTargetHealthContract } from './target-health-contract.js';

describeTargetHealthContract('MemoryTargetHealth', (breaker) => Promise.resolve(new MemoryTargetHealth(breaker)));
