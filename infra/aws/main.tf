# news-ingest on AWS: raw bucket -> S3 event notification -> SQS (+ DLQ) -> worker (TRIGGERS=sqs).
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}

data "aws_caller_identity" "current" {}

locals {
  bucket_arn = aws_s3_bucket.raw.arn
}

# ---------------------------------------------------------------------------------------------------
# Bucket
# ---------------------------------------------------------------------------------------------------
resource "aws_s3_bucket" "raw" {
  bucket = var.bucket_name

  lifecycle {
    precondition {
      condition     = !startswith(var.quarantine_prefix, var.raw_prefix) && !startswith(var.raw_prefix, var.quarantine_prefix)
      error_message = "raw_prefix and quarantine_prefix must not overlap (the service refuses to start otherwise)."
    }
  }
}

resource "aws_s3_bucket_ownership_controls" "raw" {
  bucket = aws_s3_bucket.raw.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "raw" {
  bucket                  = aws_s3_bucket.raw.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "raw" {
  bucket = aws_s3_bucket.raw.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "raw" {
  bucket = aws_s3_bucket.raw.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "raw" {
  bucket = aws_s3_bucket.raw.id

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  dynamic "rule" {
    for_each = var.noncurrent_version_expiration_days > 0 ? [1] : []
    content {
      id     = "expire-noncurrent-versions"
      status = "Enabled"
      filter {}
      noncurrent_version_expiration {
        noncurrent_days = var.noncurrent_version_expiration_days
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.raw]
}

resource "aws_s3_bucket_policy" "tls_only" {
  bucket = aws_s3_bucket.raw.id
  policy = data.aws_iam_policy_document.bucket_tls_only.json

  depends_on = [aws_s3_bucket_public_access_block.raw]
}

data "aws_iam_policy_document" "bucket_tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      local.bucket_arn,
      "${local.bucket_arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

# ---------------------------------------------------------------------------------------------------
# Queues: S3 notifications land in `events`; after max_receive_count failed receives they move to the DLQ.
# ---------------------------------------------------------------------------------------------------
resource "aws_sqs_queue" "events_dlq" {
  name                      = "${var.name_prefix}-s3-events-dlq"
  message_retention_seconds = var.dlq_message_retention_seconds
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "events" {
  name                       = "${var.name_prefix}-s3-events"
  visibility_timeout_seconds = var.queue_visibility_timeout_seconds
  message_retention_seconds  = var.queue_message_retention_seconds
  receive_wait_time_seconds  = 20
  sqs_managed_sse_enabled    = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.events_dlq.arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "events_dlq" {
  queue_url = aws_sqs_queue.events_dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.events.arn]
  })
}

# Only this bucket, in this account, may send to the queue.
data "aws_iam_policy_document" "events_queue" {
  statement {
    sid       = "AllowRawBucketNotifications"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.events.arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.bucket_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy    = data.aws_iam_policy_document.events_queue.json
}

# S3 validates that it may send to the queue when the notification is created, hence depends_on.
resource "aws_s3_bucket_notification" "raw" {
  bucket = aws_s3_bucket.raw.id

  queue {
    id            = "news-ingest-incoming"
    queue_arn     = aws_sqs_queue.events.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = var.raw_prefix
  }

  depends_on = [aws_sqs_queue_policy.events]
}

# ---------------------------------------------------------------------------------------------------
# IAM: least-privilege policies to attach to the worker / API roles (IRSA, Pod Identity, ECS task role).
# ---------------------------------------------------------------------------------------------------
# What the triggers need (the reconciling scan lists only under the raw prefix; the SQS poller consumes
# the event queue). Shared by the worker and API policies.
data "aws_iam_policy_document" "triggers" {
  statement {
    sid       = "ListRawPrefix"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [var.raw_prefix, "${var.raw_prefix}*"]
    }
  }

  statement {
    sid    = "ConsumeS3Events"
    effect = "Allow"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ChangeMessageVisibility",
    ]
    resources = [aws_sqs_queue.events.arn]
  }
}

data "aws_iam_policy_document" "worker" {
  source_policy_documents = [data.aws_iam_policy_document.triggers.json]

  statement {
    sid     = "ReadRawObjects"
    effect  = "Allow"
    actions = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = [
      "${local.bucket_arn}/${var.raw_prefix}*",
    ]
  }

  statement {
    sid       = "WriteQuarantine"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/${var.quarantine_prefix}*"]
  }

  # The archiver runs beside the worker: published events, gzip JSON Lines under ARCHIVE_PREFIX.
  statement {
    sid       = "WriteEventArchive"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/${var.archive_prefix}*"]
  }

}

resource "aws_iam_policy" "worker" {
  name        = "${var.name_prefix}-worker"
  description = "news-ingest worker: read ${var.raw_prefix}, write ${var.quarantine_prefix} and ${var.archive_prefix}, consume the S3 event queue."
  policy      = data.aws_iam_policy_document.worker.json
}

# The API process accepts raw uploads (PUT /v1/raw/{key}) and also runs the triggers (workers/api.ts
# starts the roles api + triggers): the reconciling scan lists the raw prefix and the SQS poller consumes
# the event queue. Both policies include the triggers' rights, so the all-in-one `news-ingest start`
# needs only one policy.
data "aws_iam_policy_document" "api" {
  source_policy_documents = [data.aws_iam_policy_document.triggers.json]

  statement {
    sid       = "WriteRawObjects"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/${var.raw_prefix}*"]
  }
}

resource "aws_iam_policy" "api" {
  name        = "${var.name_prefix}-api"
  description = "news-ingest API + triggers: upload under ${var.raw_prefix}, list it, consume the S3 event queue."
  policy      = data.aws_iam_policy_document.api.json
}
