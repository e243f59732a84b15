import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Ed25519SigningKeys } from './ed25519-signing-keys.js';
import { SigningKeys } from './signing-keys.js';

@Module({
  providers: [
    {
      provide: SigningKeys,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => Ed25519SigningKeys.load(config.signing),
    },
  ],
  exports: [SigningKeys],
})
export class SigningModule {}
