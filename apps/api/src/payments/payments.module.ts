import { Module } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { OfflinePaymentProvider } from './offline-payment-provider.js';
import { PaymentProvider } from './payment-provider.js';

@Module({
  providers: [
    {
      provide: PaymentProvider,
      inject: [AppConfig, Clock],
      useFactory: (config: AppConfig, clock: Clock): PaymentProvider => {
        if (config.payments.provider === 'stripe') {
          // The configuration accepts Stripe's keys already; its adapter arrives with orders.
          throw new Error(
            'PAYMENTS_PROVIDER=stripe: this version has no Stripe adapter yet; use offline.',
          );
        }
        return new OfflinePaymentProvider(config, clock);
      },
    },
  ],
  exports: [PaymentProvider],
})
export class PaymentsModule {}
