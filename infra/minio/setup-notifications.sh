#!/usr/bin/env bash
# Wire an existing MinIO deployment to news-ingest: bucket + webhook notification target + bucket event.
#
# Needs `mc` (MinIO client) on PATH and admin credentials for the MinIO deployment. Idempotent: safe to
# run again (bucket and event rule are only created when missing; the target config is overwritten).
#
# Required environment:
#   MINIO_URL           e.g. https://minio.example.net:9000
#   MINIO_ACCESS_KEY    admin access key
#   MINIO_SECRET_KEY    admin secret key
#   WEBHOOK_ENDPOINT    news-ingest API as reachable FROM MinIO, e.g.
#                       http://news-ingest-api.news-ingest.svc.cluster.local:3000/v1/s3-events
#   WEBHOOK_TOKEN       the API's WEBHOOK_TOKEN (MinIO sends "Authorization: Bearer <token>")
#   QUEUE_DIR           absolute path ON THE MINIO SERVER(S), writable by MinIO and persistent (a volume):
#                       events are stored there while the API is unreachable and replayed later
# Optional:
#   S3_BUCKET (news-raw)  RAW_PREFIX (incoming/)  TARGET_ID (NEWSINGEST)  MC_ALIAS (newsingest)
#   QUEUE_LIMIT (100000)  SKIP_RESTART (set to 1 to skip `mc admin service restart`)
#   DRY_RUN (set to 1 to print the mc commands instead of running them)
set -euo pipefail

: "${MINIO_URL:?set MINIO_URL}"
: "${MINIO_ACCESS_KEY:?set MINIO_ACCESS_KEY}"
: "${MINIO_SECRET_KEY:?set MINIO_SECRET_KEY}"
: "${WEBHOOK_ENDPOINT:?set WEBHOOK_ENDPOINT}"
: "${WEBHOOK_TOKEN:?set WEBHOOK_TOKEN}"
: "${QUEUE_DIR:?set QUEUE_DIR (absolute, persistent path on the MinIO server for undelivered events)}"

BUCKET="${S3_BUCKET:-news-raw}"
PREFIX="${RAW_PREFIX:-incoming/}"
TARGET_ID="${TARGET_ID:-NEWSINGEST}"
ALIAS="${MC_ALIAS:-newsingest}"
QUEUE_LIMIT="${QUEUE_LIMIT:-100000}"
ARN="arn:minio:sqs::${TARGET_ID}:webhook"

case "$QUEUE_DIR" in
  /*) ;;
  *) echo "QUEUE_DIR must be an absolute path on the MinIO server: $QUEUE_DIR" >&2; exit 2 ;;
esac
case "$WEBHOOK_TOKEN" in
  *[[:space:]]*) echo "WEBHOOK_TOKEN must be a single word (MinIO prefixes it with 'Bearer ')" >&2; exit 2 ;;
esac
case "$PREFIX" in
  */) ;;
  *) PREFIX="${PREFIX}/" ;;
esac

run() {
  if [[ "${DRY_RUN:-0}" == "1" ]]; then
    # Never print secrets.
    printf '+ mc'
    local arg
    for arg in "$@"; do
      if [[ "$arg" == "$MINIO_SECRET_KEY" ]]; then
        arg='***'
      elif [[ "$arg" == auth_token=* ]]; then
        arg='auth_token=***'
      fi
      printf ' %s' "$arg"
    done
    printf '\n'
  else
    mc "$@"
  fi
}

wait_ready() {
  [[ "${DRY_RUN:-0}" == "1" ]] && return 0
  local i
  for i in $(seq 1 60); do
    if mc ready "$ALIAS" >/dev/null 2>&1 || mc admin info "$ALIAS" >/dev/null 2>&1; then
      return 0
    fi
    sleep 2
  done
  echo "MinIO at $MINIO_URL did not become ready" >&2
  return 1
}

echo "==> alias $ALIAS -> $MINIO_URL"
run alias set "$ALIAS" "$MINIO_URL" "$MINIO_ACCESS_KEY" "$MINIO_SECRET_KEY"

echo "==> bucket $BUCKET"
run mb --ignore-existing "$ALIAS/$BUCKET"

echo "==> webhook target $TARGET_ID -> $WEBHOOK_ENDPOINT (queue_dir $QUEUE_DIR)"
run admin config set "$ALIAS" "notify_webhook:${TARGET_ID}" \
  "endpoint=${WEBHOOK_ENDPOINT}" \
  "auth_token=${WEBHOOK_TOKEN}" \
  "queue_dir=${QUEUE_DIR}" \
  "queue_limit=${QUEUE_LIMIT}"

if [[ "${SKIP_RESTART:-0}" != "1" ]]; then
  # Notification targets are loaded at startup.
  echo "==> restarting MinIO to load the target"
  run admin service restart "$ALIAS"
  wait_ready
fi

echo "==> event: put under $PREFIX -> $ARN"
run event add --ignore-existing "$ALIAS/$BUCKET" "$ARN" --event put --prefix "$PREFIX"

run event ls "$ALIAS/$BUCKET"
echo "done"
