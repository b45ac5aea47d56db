variable "region" {
  description = "AWS region for the bucket and the queues."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix for the SQS queue and IAM policy names."
  type        = string
  default     = "news-ingest"
}

variable "bucket_name" {
  description = "Name of the raw news bucket (globally unique). Becomes S3_BUCKET."
  type        = string
}

variable "raw_prefix" {
  description = "Key prefix producers write raw news under (RAW_PREFIX). Must end with '/'."
  type        = string
  default     = "incoming/"

  validation {
    condition     = endswith(var.raw_prefix, "/")
    error_message = "raw_prefix must end with '/'."
  }
}

variable "quarantine_prefix" {
  description = "Key prefix rejected objects are written to (QUARANTINE_PREFIX). Must end with '/' and not overlap raw_prefix."
  type        = string
  default     = "quarantine/"

  validation {
    condition     = endswith(var.quarantine_prefix, "/")
    error_message = "quarantine_prefix must end with '/'."
  }
}

variable "archive_prefix" {
  description = "Key prefix of the event archive (ARCHIVE_PREFIX). Must end with '/' and not overlap raw_prefix."
  type        = string
  default     = "events/"

  validation {
    condition     = endswith(var.archive_prefix, "/")
    error_message = "archive_prefix must end with '/'."
  }
}

variable "queue_visibility_timeout_seconds" {
  description = "SQS visibility timeout: longer than the worker needs to enqueue a notification into BullMQ."
  type        = number
  default     = 120
}

variable "queue_message_retention_seconds" {
  description = "How long undelivered notifications stay in the main queue (default 4 days)."
  type        = number
  default     = 345600
}

variable "dlq_message_retention_seconds" {
  description = "How long failed notifications stay in the dead-letter queue (default 14 days, the SQS maximum)."
  type        = number
  default     = 1209600
}

variable "max_receive_count" {
  description = "Receives before a notification moves to the dead-letter queue."
  type        = number
  default     = 5
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which overwritten/deleted object versions are removed (versioning is on). 0 keeps them forever."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default = {
    service = "news-ingest"
  }
}
