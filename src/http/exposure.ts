// What an operator must hear at start-up about an API left open (on any host, loopback included).
export function exposureWarnings(http: {
  host: string;
  webhookToken: string | undefined;
  adminPassword: string | undefined;
}): string[] {
  const warnings: string[] = [];
  if (!http.webhookToken)
    warnings.push(
      `WEBHOOK_TOKEN is not set: POST /v1/s3-events and PUT /v1/raw/{key} accept unauthenticated calls from anything that can reach ${http.host}`,
    );
  if (!http.adminPassword)
    warnings.push(
      'ADMIN_PASSWORD is not set: /admin/queues is read-only and open to anything that can reach it',
    );
  return warnings;
}
