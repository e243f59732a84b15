import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The log line the worker writes every minute (apps/api/src/jobs/system.jobs.ts). */
export const QUEUE_AGE_LOG_MESSAGE = 'job queue age';
export const QUEUE_AGE_NAMESPACE = 'Clearframe/Jobs';
export const QUEUE_AGE_METRIC = 'OldestQueuedJobAgeSeconds';

/**
 * The age of the oldest job waiting in pg-boss, as a CloudWatch metric. The worker's
 * `system.queue-age` cron job logs it once a minute as JSON; a metric filter on the worker's log
 * group turns the field into the metric. No worker running means no data points, which the
 * alarm on this metric treats as breaching.
 */
export class QueueAgeMetric extends Construct {
  readonly metric: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: { workerLogs: logs.ILogGroup }) {
    super(scope, id);
    new logs.MetricFilter(this, 'Filter', {
      logGroup: props.workerLogs,
      filterPattern: logs.FilterPattern.stringValue('$.msg', '=', QUEUE_AGE_LOG_MESSAGE),
      metricNamespace: QUEUE_AGE_NAMESPACE,
      metricName: QUEUE_AGE_METRIC,
      metricValue: '$.oldestQueuedSeconds',
      unit: cloudwatch.Unit.SECONDS,
    });
    this.metric = new cloudwatch.Metric({
      namespace: QUEUE_AGE_NAMESPACE,
      metricName: QUEUE_AGE_METRIC,
      statistic: 'Maximum',
      unit: cloudwatch.Unit.SECONDS,
    });
  }
}
