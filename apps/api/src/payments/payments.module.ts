import { Module } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { OfflinePaymentProvider } from './offline-payment-provider.js';
import { PaymentProvider } from './payment-provider.js';
import { StripePaymentProvider } from './stripe-payment-provider.js';

@Module({
  providers: [
    {
      provide: PaymentProvider,
      inject: [AppConfig, Clock],
      useFactory: (config: AppConfig, clock: Clock): PaymentProvider =>
        config.payments.provider === 'stripe'
          ? new StripePaymentProvider(config, clock)
          : new OfflinePaymentProvider(config, clock),
    },
  ],
  exports: [PaymentProvider],
})
export class PaymentsModule {}
