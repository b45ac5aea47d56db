output "bucket_name" {
  description = "S3_BUCKET for the service."
  value       = aws_s3_bucket.raw.bucket
}

output "bucket_arn" {
  value = aws_s3_bucket.raw.arn
}

output "sqs_queue_url" {
  description = "SQS_QUEUE_URL for the worker (with TRIGGERS including sqs)."
  value       = aws_sqs_queue.events.id
}

output "sqs_queue_arn" {
  value = aws_sqs_queue.events.arn
}

output "sqs_dlq_url" {
  description = "Dead-letter queue: notifications that failed max_receive_count times."
  value       = aws_sqs_queue.events_dlq.id
}

output "sqs_dlq_arn" {
  value = aws_sqs_queue.events_dlq.arn
}

output "worker_policy_arn" {
  description = "Attach to the worker's role."
  value       = aws_iam_policy.worker.arn
}

output "api_policy_arn" {
  description = "Attach to the API's role (raw uploads)."
  value       = aws_iam_policy.api.arn
}

output "service_env" {
  description = "Environment for news-ingest on AWS (credentials come from the role, not from here)."
  value = {
    S3_BUCKET           = aws_s3_bucket.raw.bucket
    S3_REGION           = var.region
    S3_ENDPOINT         = "https://s3.${var.region}.amazonaws.com"
    S3_FORCE_PATH_STYLE = "false"
    RAW_PREFIX          = var.raw_prefix
    QUARANTINE_PREFIX   = var.quarantine_prefix
    SQS_QUEUE_URL       = aws_sqs_queue.events.id
    TRIGGERS            = "sqs,scan"
  }
}
