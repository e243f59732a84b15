import { Module } from '@nestjs/common';
import { RateLimiter } from './rate-limit.service.js';

@Module({ providers: [RateLimiter], exports: [RateLimiter] })
export class RateLimitModule {}
