// Deployment manifests: docker-compose.yml, Dockerfile and everything under infra/.
// Static checks on the parsed files (always run) plus the real tools where they exist on the machine
// (docker compose / docker-compose, promtool, kubectl kustomize, terraform fmt); those skip with a reason.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig as loadServiceConfig } from '../../../src/config/load-config.js';
import { configVariables } from '../../helpers/config-variables.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML/JSON manifests are walked structurally
type Y = any;

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const at = (...parts: string[]) => join(ROOT, ...parts);
const read = (...parts: string[]) => readFileSync(at(...parts), 'utf8');

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === '.terraform' || name === 'node_modules') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out.sort();
}

/** Every document of a YAML file; throws with file + message on any parse error or warning. */
function loadYaml(file: string): Y[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true, prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const problems = list.flatMap((d) => [...d.errors, ...d.warnings]).map((e) => e.message);
  if (problems.length > 0) throw new Error(`${relative(ROOT, file)}:\n${problems.join('\n')}`);
  return list.map((d) => d.toJS({ maxAliasCount: -1 })).filter((d) => d !== null && d !== undefined);
}

const yamlFiles = [at('docker-compose.yml'), ...walk(at('infra')).filter((f) => /\.ya?ml$/.test(f))];

/** '30s' | '1m' | '500ms' | '1h' | '45' (seconds) -> seconds. Compose's '1m30s' form too. */
function seconds(text: string): number {
  const t = String(text).trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t) throw new Error(`not a duration: ${text}`);
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  return parts.reduce((sum, p) => sum + Number(p[1]) * (unit[p[2] as string] ?? Number.NaN), 0);
}

/** The default of a compose interpolation (`${VAR:-default}`; '' for a required `${VAR:?message}`), or the text itself. */
function composeDefault(value: string): string {
  const m = /^\$\{[A-Z0-9_]+(?::?-([^}]*)|:?\?[^}]*)\}$/.exec(String(value).trim());
  return m ? (m[1] ?? '') : String(value);
}

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/** Metric names referenced by a PromQL expression (functions, keywords, labels, durations removed). */
function metricNames(expr: string): string[] {
  let s = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/'(?:[^'\\]|\\.)*'/g, "''");
  s = s.replace(/\{[^}]*\}/g, ' ');
  s = s.replace(/\[[^\]]*\]/g, ' ');
  s = s.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  s = s.replace(/\$\w+/g, ' ');
  const names: string[] = [];
  for (const m of s.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const name = m[0];
    const index = m.index ?? 0;
    if (/^\s*\(/.test(s.slice(index + name.length))) continue; // function call
    if (PROMQL_WORDS.has(name.toLowerCase())) continue;
    if (index > 0 && /[0-9.]/.test(s[index - 1] as string)) continue; // 1e-9, 5m, ...
    names.push(name);
  }
  return names;
}

function tool(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
  return r.status === 0;
}

describe('helpers', () => {
  it('extracts metric names from PromQL', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, stage) (rate(news_ingest_x_bucket{a="b(c)"}[$__rate_interval]))) / on () (foo or vector(1e-9)) > 5',
      ),
    ).toEqual(['news_ingest_x_bucket', 'foo']);
    expect(metricNames('up{job="w"} == 0 or absent(up{job="w"} == 1)')).toEqual(['up', 'up']);
  });
  it('parses durations', () => {
    expect(seconds('30s')).toBe(30);
    expect(seconds('1m30s')).toBe(90);
    expect(seconds('45')).toBe(45);
    expect(() => seconds('soon')).toThrow();
  });
});

describe('every YAML file parses', () => {
  it('finds the manifests', () => {
    expect(yamlFiles.length).toBeGreaterThanOrEqual(10);
  });
  it.each(yamlFiles.map((f) => [relative(ROOT, f), f]))('%s', (_name, file) => {
    expect(loadYaml(file).length).toBeGreaterThan(0);
  });
});

// ------------------------------------------------------------------------------------------------
// docker-compose.yml
// ------------------------------------------------------------------------------------------------
describe('docker-compose.yml', () => {
  const compose: Y = loadYaml(at('docker-compose.yml'))[0];
  const services: Y = compose.services;
  const envOf = (svc: Y): Record<string, string> => {
    const env = svc.environment ?? {};
    if (!Array.isArray(env)) return env;
    return Object.fromEntries(env.map((kv: string) => [kv.split('=')[0], kv.split('=').slice(1).join('=')]));
  };

  it('has the core services', () => {
    for (const name of ['redis', 'minio', 'minio-setup', 'api', 'worker'])
      expect(services).toHaveProperty(name);
  });

  it('lets the worker scale: no container_name, no published host ports', () => {
    expect(services.worker.container_name).toBeUndefined();
    expect(services.worker.ports ?? []).toEqual([]);
    for (const [name, svc] of Object.entries<Y>(services)) {
      expect(svc.container_name, `${name} has container_name`).toBeUndefined();
    }
  });

  it('runs Redis with noeviction and AOF, a healthcheck and a volume', () => {
    const cmd = [services.redis.command].flat().join(' ');
    expect(cmd).toMatch(/--maxmemory-policy\s+noeviction/);
    expect(cmd).toMatch(/--appendonly\s+yes/);
    expect(services.redis.healthcheck?.test).toBeTruthy();
    expect((services.redis.volumes ?? []).some((v: string) => String(v).endsWith(':/data'))).toBe(true);
  });

  it('publishes host ports on 127.0.0.1 only', () => {
    for (const [name, svc] of Object.entries<Y>(services)) {
      for (const port of svc.ports ?? []) {
        expect(String(port), `${name}: ${port}`).toMatch(/^127\.0\.0\.1:/);
      }
    }
    expect((services.api.ports ?? []).some((p: string) => String(p).endsWith(':3000'))).toBe(true);
  });

  it('configures the MinIO webhook target with a queue_dir and uses its ARN in minio-setup', () => {
    const env = envOf(services.minio);
    const ids = Object.keys(env)
      .map((k) => /^MINIO_NOTIFY_WEBHOOK_ENABLE_(.+)$/.exec(k)?.[1])
      .filter((id): id is string => Boolean(id));
    expect(ids).toHaveLength(1);
    const id = ids[0] as string;
    expect(env[`MINIO_NOTIFY_WEBHOOK_ENABLE_${id}`]).toBe('on');
    expect(env[`MINIO_NOTIFY_WEBHOOK_ENDPOINT_${id}`]).toBe('http://api:3000/v1/s3-events');
    expect(composeDefault(env[`MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_${id}`] as string)).not.toMatch(/\s/);
    expect(env[`MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_${id}`]).toContain('WEBHOOK_TOKEN');
    const queueDir = env[`MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_${id}`] as string;
    expect(queueDir).toMatch(/^\//);
    // The queue dir must be on a volume, or queued events die with the container.
    expect((services.minio.volumes ?? []).some((v: string) => String(v).split(':')[1] === queueDir)).toBe(
      true,
    );
    expect(services.minio.healthcheck?.test).toBeTruthy();

    const setup = [services['minio-setup'].entrypoint, services['minio-setup'].command].flat().join('\n');
    expect(setup).toContain('mc mb --ignore-existing');
    expect(setup).toMatch(new RegExp(`mc event add .*arn:minio:sqs::${id}:webhook .*--event put .*--prefix`));
    expect(services['minio-setup'].restart).toBe('no');
    expect(services['minio-setup'].depends_on?.minio?.condition).toBe('service_healthy');
  });

  it('gives api and worker the container settings the service needs', () => {
    for (const name of ['api', 'worker']) {
      const env = envOf(services[name]);
      expect(env.HTTP_HOST, name).toBe('0.0.0.0');
      expect(env.S3_ENDPOINT, `${name}: S3_ENDPOINT unset would start the embedded S3 server`).toBeTruthy();
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.WEBHOOK_TOKEN).toMatch(/^\$\{WEBHOOK_TOKEN:\?/);
      expect(env.ADMIN_PASSWORD).toMatch(/^\$\{ADMIN_PASSWORD:\?/);
      expect(services[name].healthcheck?.test).toBeTruthy();
      // Docker's default stop timeout (10s) would SIGKILL in the middle of the SIGTERM drain.
      const shutdown = seconds(composeDefault(env.SHUTDOWN_TIMEOUT ?? '30s'));
      expect(seconds(services[name].stop_grace_period ?? '10s'), name).toBeGreaterThan(shutdown);
      expect(services[name].depends_on?.['minio-setup']?.condition).toBe('service_completed_successfully');
    }
    expect([services.api.command].flat().join(' ')).toContain('dist/workers/api.js');
    expect([services.worker.command].flat().join(' ')).toContain('dist/workers/ingest-worker.js');
  });

  it('keeps indexer/postgres and prometheus/grafana behind profiles', () => {
    expect(services.indexer.profiles).toContain('indexer');
    expect(services.postgres.profiles).toContain('indexer');
    expect(envOf(services.indexer).DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(services.prometheus.profiles).toContain('observability');
    expect(services.grafana.profiles).toContain('observability');
    for (const core of ['redis', 'minio', 'minio-setup', 'api', 'worker']) {
      expect(services[core].profiles, core).toBeUndefined();
    }
  });

  it('mounts the Grafana provisioning and dashboards where the provider looks for them', () => {
    const provider = loadYaml(at('infra/grafana/provisioning/dashboards/news-ingest.yml'))[0];
    const dashPath = provider.providers[0].options.path;
    const mounts: string[] = services.grafana.volumes.map(String);
    expect(mounts).toContain(`./infra/grafana/dashboards:${dashPath}:ro`);
    expect(mounts.some((m) => m.startsWith('./infra/grafana/provisioning:/etc/grafana/provisioning'))).toBe(
      true,
    );
    expect(services.prometheus.volumes.map(String)).toContain('./infra/prometheus:/etc/prometheus:ro');
  });

  it('carries no usable default secret: tokens, passwords and secret keys must be provided', () => {
    for (const name of ['redis', 'minio', 'minio-setup', 'api', 'worker']) {
      for (const [key, value] of Object.entries(envOf(services[name]))) {
        for (const m of String(value).matchAll(/\$\{([A-Z0-9_]+)(:?[-?])([^}]*)\}/g)) {
          if (!/TOKEN|PASSWORD|SECRET/.test(m[1] as string)) continue;
          expect(m[2], `${name}: ${key} gives ${m[1]} a default`).toBe(':?');
        }
      }
    }
  });

  it('only sets variables that the config loaders read', () => {
    const known = new Set(configVariables().keys());
    expect(known.size).toBeGreaterThan(20);
    for (const name of ['api', 'worker', 'indexer']) {
      for (const key of Object.keys(envOf(services[name]))) {
        if (key === 'NODE_OPTIONS' || key.startsWith('OTEL_')) continue;
        expect(known.has(key), `${name}: ${key} is not a config variable`).toBe(true);
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------
// Dockerfile / .dockerignore
// ------------------------------------------------------------------------------------------------
describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => ({
    from: m[1],
    as: m[2],
  }));

  it('is multi-stage on node:20-bookworm-slim', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.at(-1)?.from).toBe(['$', '{NODE_IMAGE}'].join(''));
  });

  it('builds with npm ci and ships only production dependencies', () => {
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/COPY --from=prod-deps \/app\/node_modules/);
  });

  it('runs as a non-root user with the service defaults for containers', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const user = /^USER\s+(\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime).toMatch(/NODE_OPTIONS=--openssl-legacy-provider/);
    expect(runtime).toMatch(/HTTP_HOST=0\.0\.0\.0/);
  });

  it('keeps secrets and local state out of the build context', () => {
    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['.git', 'node_modules', 'dist', '.env', 'data']) expect(ignore).toContain(entry);
  });
});

// ------------------------------------------------------------------------------------------------
// Kubernetes
// ------------------------------------------------------------------------------------------------
describe('infra/k8s', () => {
  const dir = at('infra/k8s');
  const kustomization = loadYaml(join(dir, 'kustomization.yaml'))[0];
  const objects: Y[] = (kustomization.resources as string[]).flatMap((r) => loadYaml(join(dir, r)));
  const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const byName = (kind: string, name: string) => ofKind(kind).find((o) => o.metadata?.name === name);
  const configMap = ofKind('ConfigMap')[0];
  const secret = ofKind('Secret')[0];
  const deployments = ofKind('Deployment');

  it('lists every manifest of the directory in kustomization.yaml', () => {
    const files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')
      .sort();
    expect([...kustomization.resources].sort()).toEqual(files);
    expect(objects.every((o) => o.metadata?.namespace === undefined)).toBe(true); // namespace-agnostic
  });

  it('has api and worker Deployments, the api Service, the worker PDB, ConfigMap and Secret', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['news-ingest-api', 'news-ingest-worker']);
    expect(byName('Service', 'news-ingest-api')).toBeDefined();
    expect(ofKind('PodDisruptionBudget')).toHaveLength(1);
    expect(configMap).toBeDefined();
    expect(secret).toBeDefined();
  });

  it('marks every Secret value as a placeholder', () => {
    for (const [key, value] of Object.entries<string>(secret.stringData)) {
      if (key === 'ADMIN_USER') continue;
      expect(value, key).toContain('CHANGE-ME');
    }
  });

  it('fails config validation while the API secrets are placeholders, passes once they are set', () => {
    const real = { WEBHOOK_TOKEN: 'k8s-real-token', ADMIN_PASSWORD: 'k8s-real-password' };
    for (const key of ['WEBHOOK_TOKEN', 'ADMIN_PASSWORD'] as const) {
      expect(
        () => loadServiceConfig({ ...configMap.data, ...real, [key]: secret.stringData[key] }),
        key,
      ).toThrow(new RegExp(`${key}.*placeholder`));
    }
    // The ConfigMap listens on 0.0.0.0: without the secrets the service refuses to start.
    expect(() => loadServiceConfig({ ...configMap.data })).toThrow(
      /WEBHOOK_TOKEN and ADMIN_PASSWORD are unset/,
    );
    expect(loadServiceConfig({ ...configMap.data, ...real }).http.host).toBe('0.0.0.0');
  });

  it('leaves the embedded S3 server off (S3_ENDPOINT set) and listens on all interfaces', () => {
    expect(configMap.data.S3_ENDPOINT).toMatch(/^https?:\/\//);
    expect(configMap.data.HTTP_HOST).toBe('0.0.0.0');
  });

  describe.each(['news-ingest-api', 'news-ingest-worker'])('%s', (name) => {
    const deploy: Y = byName('Deployment', name);
    const pod: Y = deploy?.spec.template.spec;

    it('probes /healthz (liveness) and /readyz (readiness) on a declared port', () => {
      for (const c of pod.containers) {
        const ports = (c.ports ?? []).flatMap((p: Y) => [p.name, p.containerPort]);
        expect(c.livenessProbe?.httpGet?.path, c.name).toBe('/healthz');
        expect(c.readinessProbe?.httpGet?.path, c.name).toBe('/readyz');
        expect(ports).toContain(c.livenessProbe.httpGet.port);
        expect(ports).toContain(c.readinessProbe.httpGet.port);
      }
    });

    it('waits longer than SHUTDOWN_TIMEOUT before SIGKILL', () => {
      const shutdown = seconds(configMap.data.SHUTDOWN_TIMEOUT ?? '30s');
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(shutdown);
    });

    it('runs non-root with a read-only root filesystem, resources and config from the ConfigMap/Secret', () => {
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      for (const c of pod.containers) {
        expect(c.securityContext?.readOnlyRootFilesystem, c.name).toBe(true);
        expect(c.securityContext?.allowPrivilegeEscalation, c.name).toBe(false);
        expect(c.resources?.requests?.memory, c.name).toBeTruthy();
        expect(c.resources?.limits?.memory, c.name).toBeTruthy();
        const refs = (c.envFrom ?? []).map((e: Y) => e.configMapRef?.name ?? e.secretRef?.name);
        expect(refs).toEqual(expect.arrayContaining([configMap.metadata.name, secret.metadata.name]));
      }
    });

    it('selects its own pods', () => {
      const labels = deploy.spec.template.metadata.labels;
      for (const [k, v] of Object.entries(deploy.spec.selector.matchLabels)) expect(labels[k]).toBe(v);
    });
  });

  it('routes the api Service to the api pods on the http port', () => {
    const svc = byName('Service', 'news-ingest-api');
    const api = byName('Deployment', 'news-ingest-api');
    const labels = api.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(labels[k]).toBe(v);
    const portNames = api.spec.template.spec.containers.flatMap((c: Y) => c.ports.map((p: Y) => p.name));
    for (const p of svc.spec.ports) expect(portNames).toContain(p.targetPort);
  });

  it('covers the worker pods with the PodDisruptionBudget', () => {
    const pdb = ofKind('PodDisruptionBudget')[0];
    const labels = byName('Deployment', 'news-ingest-worker').spec.template.metadata.labels;
    for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) expect(labels[k]).toBe(v);
  });

  it('scales the worker Deployment with KEDA on the BullMQ wait list', () => {
    const scaled = ofKind('ScaledObject');
    expect(scaled).toHaveLength(1);
    const so = scaled[0];
    expect(so.apiVersion).toBe('keda.sh/v1alpha1');
    expect(so.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'news-ingest-worker' });
    expect(so.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(so.spec.maxReplicaCount).toBeGreaterThan(so.spec.minReplicaCount);
    // The worker Deployment must not fight the HPA over replicas.
    expect(byName('Deployment', 'news-ingest-worker').spec.replicas).toBeUndefined();

    const trigger = so.spec.triggers.find((t: Y) => t.type === 'redis' || t.type === 'redis-cluster');
    expect(trigger).toBeDefined();
    const prefix = configMap.data.QUEUE_PREFIX ?? '{news-ingest}';
    const queue = configMap.data.INGEST_QUEUE ?? 'ingest';
    expect(trigger.metadata.listName).toBe(`${prefix}:${queue}:wait`);
    expect(Number(trigger.metadata.listLength)).toBeGreaterThan(0);
    if (trigger.metadata.addressFromEnv)
      expect(configMap.data).toHaveProperty(trigger.metadata.addressFromEnv);

    const auth = byName('TriggerAuthentication', trigger.authenticationRef.name);
    expect(auth).toBeDefined();
    for (const ref of auth.spec.secretTargetRef) {
      expect(ref.name).toBe(secret.metadata.name);
      expect(secret.stringData).toHaveProperty(ref.key);
    }
  });

  it.skipIf(!tool('kubectl', ['version', '--client']))('builds with kubectl kustomize', () => {
    const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    const kinds = [...out.matchAll(/^kind: (\S+)$/gm)].map((m) => m[1]);
    expect(kinds).toEqual(
      expect.arrayContaining(['Deployment', 'ScaledObject', 'PodDisruptionBudget', 'Service']),
    );
  });
});

// ------------------------------------------------------------------------------------------------
// Prometheus + Grafana
// ------------------------------------------------------------------------------------------------
describe('infra/prometheus', () => {
  const prom = loadYaml(at('infra/prometheus/prometheus.yml'))[0];
  const alerts = loadYaml(at('infra/prometheus/alerts.yml'))[0];
  const rules: Y[] = alerts.groups.flatMap((g: Y) => g.rules);
  const jobs: Y[] = prom.scrape_configs;

  it('scrapes api and every worker replica through compose DNS', () => {
    const compose = loadYaml(at('docker-compose.yml'))[0];
    for (const [job, service] of [
      ['news-ingest-api', 'api'],
      ['news-ingest-worker', 'worker'],
    ] as const) {
      const cfg = jobs.find((j) => j.job_name === job);
      expect(cfg, job).toBeDefined();
      const sd = cfg.dns_sd_configs?.[0];
      expect(sd?.type).toBe('A');
      expect(sd?.names).toEqual([service]);
      expect(compose.services).toHaveProperty(service);
      expect(sd?.port).toBe(3000);
    }
  });

  it('loads rule files that exist', () => {
    for (const f of prom.rule_files) expect(existsSync(at('infra/prometheus', f)), f).toBe(true);
  });

  it('has the alerts the runbook documents, each with summary and description', () => {
    const names = rules.map((r) => r.alert);
    expect(names).toEqual(
      expect.arrayContaining([
        'NewsIngestQueueBacklogGrowing',
        'NewsIngestOldestWaitingJobTooOld',
        'NewsIngestQuarantineRateHigh',
        'NewsIngestJobFailureRateHigh',
        'NewsIngestNoEventsPublished',
        'NewsIngestWorkerDown',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
    for (const r of rules) {
      expect(r.annotations?.summary, r.alert).toBeTruthy();
      expect(r.annotations?.description, r.alert).toBeTruthy();
      expect(['warning', 'critical']).toContain(r.labels?.severity);
      expect(String(r.expr).trim().length).toBeGreaterThan(0);
    }
  });

  it('only queries news_ingest_ series (and up) in alert expressions, with scraped job names', () => {
    const jobNames = new Set(jobs.map((j) => j.job_name));
    for (const r of rules) {
      const names = metricNames(r.expr);
      expect(names.length, r.alert).toBeGreaterThan(0);
      for (const n of names)
        expect(n === 'up' || n.startsWith('news_ingest_'), `${r.alert}: ${n}`).toBe(true);
      for (const m of String(r.expr).matchAll(/job="([^"]+)"/g))
        expect(jobNames.has(m[1]), r.alert).toBe(true);
    }
  });

  const hasPromtool = tool('promtool', ['--version']);
  it.skipIf(!hasPromtool)('passes promtool check config / check rules', () => {
    execFileSync('promtool', ['check', 'config', at('infra/prometheus/prometheus.yml')], { stdio: 'pipe' });
    execFileSync('promtool', ['check', 'rules', at('infra/prometheus/alerts.yml')], { stdio: 'pipe' });
  });
  const ruleTests = at('infra/prometheus/alerts.test.yml');
  it.skipIf(!hasPromtool || !existsSync(ruleTests))('passes the promtool rule unit tests', () => {
    execFileSync('promtool', ['test', 'rules', ruleTests], { stdio: 'pipe' });
  });
});

describe('infra/grafana', () => {
  const dashboard = JSON.parse(read('infra/grafana/dashboards/news-ingest.json'));
  const panels: Y[] = dashboard.panels.flatMap((p: Y) => [p, ...(p.panels ?? [])]);
  const exprs: string[] = panels.flatMap((p) => (p.targets ?? []).map((t: Y) => t.expr));
  const datasource = loadYaml(at('infra/grafana/provisioning/datasources/prometheus.yml'))[0].datasources[0];

  it('has a stable uid and PromQL targets', () => {
    expect(dashboard.uid).toBe('news-ingest');
    expect(exprs.length).toBeGreaterThanOrEqual(10);
  });

  it('only references news_ingest_ metrics', () => {
    for (const expr of exprs) {
      const names = metricNames(expr);
      expect(names.length, expr).toBeGreaterThan(0);
      for (const n of names) expect(n.startsWith('news_ingest_'), `${n} in ${expr}`).toBe(true);
    }
    for (const v of dashboard.templating?.list ?? []) {
      for (const m of JSON.stringify(v.query).matchAll(/label_values\(\s*([A-Za-z_:][\w:]*)/g)) {
        expect(m[1]).toMatch(/^news_ingest_/);
      }
    }
  });

  it('covers throughput, duplicates, quarantine, stage latency quantiles, queues, event loop and RSS', () => {
    const all = exprs.join('\n');
    for (const metric of [
      'news_ingest_articles_total',
      'news_ingest_duplicates_total',
      'news_ingest_quarantined_total',
      'news_ingest_stage_duration_seconds_bucket',
      'news_ingest_queue_jobs',
      'news_ingest_queue_oldest_waiting_age_seconds',
      'news_ingest_nodejs_eventloop_lag_seconds',
      'news_ingest_process_resident_memory_bytes',
    ]) {
      expect(all, metric).toContain(metric);
    }
    for (const q of ['0.5', '0.95', '0.99']) {
      expect(all).toContain(
        `histogram_quantile(${q}, sum by (le, stage) (rate(news_ingest_stage_duration_seconds_bucket`,
      );
    }
    expect(all).toMatch(/sum by \(kind\) \(rate\(news_ingest_duplicates_total/);
    expect(all).toMatch(/sum by \(reason\) \(rate\(news_ingest_quarantined_total/);
  });

  it('points every panel at the provisioned datasource', () => {
    expect(datasource.uid).toBeTruthy();
    expect(datasource.url).toBe('http://prometheus:9090');
    for (const p of panels.filter((x) => x.type !== 'row'))
      expect(p.datasource?.uid, p.title).toBe(datasource.uid);
  });

  it('uses unique panel ids', () => {
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

// ------------------------------------------------------------------------------------------------
// MinIO script, Terraform
// ------------------------------------------------------------------------------------------------
describe('infra/minio/setup-notifications.sh', () => {
  const script = at('infra/minio/setup-notifications.sh');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    DRY_RUN: '1',
    MINIO_URL: 'http://minio.test:9000',
    MINIO_ACCESS_KEY: 'admin',
    MINIO_SECRET_KEY: 'sekret-key',
    WEBHOOK_ENDPOINT: 'http://api:3000/v1/s3-events',
    WEBHOOK_TOKEN: 'tok3n',
    QUEUE_DIR: '/data/events',
    RAW_PREFIX: 'incoming',
  };

  it('is executable and valid bash', () => {
    expect(statSync(script).mode & 0o111).not.toBe(0);
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
  });

  it('configures target, restart and bucket event (dry run), without printing secrets', () => {
    const r = spawnSync('bash', [script], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain('+ mc mb --ignore-existing newsingest/news-raw');
    expect(out).toMatch(
      /\+ mc admin config set newsingest notify_webhook:NEWSINGEST endpoint=http:\/\/api:3000\/v1\/s3-events auth_token=\*\*\* queue_dir=\/data\/events/,
    );
    expect(out).toContain('+ mc admin service restart newsingest');
    expect(out).toContain(
      '+ mc event add --ignore-existing newsingest/news-raw arn:minio:sqs::NEWSINGEST:webhook --event put --prefix incoming/',
    );
    expect(out.indexOf('admin config set')).toBeLessThan(out.indexOf('event add'));
    expect(out).not.toContain('sekret-key');
    expect(out).not.toContain('tok3n');
  });

  it('refuses to run without required settings or with a relative queue dir', () => {
    const { QUEUE_DIR: _q, ...withoutQueue } = env;
    expect(spawnSync('bash', [script], { env: withoutQueue }).status).not.toBe(0);
    expect(spawnSync('bash', [script], { env: { ...env, QUEUE_DIR: 'events' } }).status).not.toBe(0);
    expect(spawnSync('bash', [script], { env: { ...env, WEBHOOK_TOKEN: 'two words' } }).status).not.toBe(0);
  });
});

describe('infra/aws (Terraform)', () => {
  const main = read('infra/aws/main.tf');

  it('has the bucket, queues, notification and worker policy', () => {
    expect(main).toMatch(/resource "aws_s3_bucket_versioning"[\s\S]*?status = "Enabled"/);
    for (const flag of [
      'block_public_acls',
      'block_public_policy',
      'ignore_public_acls',
      'restrict_public_buckets',
    ]) {
      expect(main).toMatch(new RegExp(`${flag}\\s*=\\s*true`));
    }
    expect(main).toMatch(/maxReceiveCount\s*=\s*var\.max_receive_count/);
    expect(read('infra/aws/variables.tf')).toMatch(/variable "max_receive_count"[\s\S]*?default\s*=\s*5\b/);
    expect(main).toMatch(/events\s*=\s*\["s3:ObjectCreated:\*"\]/);
    expect(main).toMatch(/filter_prefix\s*=\s*var\.raw_prefix/);
    expect(main).toMatch(/variable\s*=\s*"aws:SourceArn"/);
    for (const action of [
      's3:GetObject',
      's3:GetObjectVersion',
      's3:PutObject',
      's3:ListBucket',
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ChangeMessageVisibility',
    ]) {
      expect(main).toContain(`"${action}"`);
    }
    expect(main).toMatch(/variable\s*=\s*"s3:prefix"/);
  });

  it.skipIf(!tool('terraform', ['version']))('is terraform fmt clean', () => {
    const r = spawnSync('terraform', ['fmt', '-check', '-recursive', at('infra/aws')], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});

// ------------------------------------------------------------------------------------------------
// docker compose config (no engine needed)
// ------------------------------------------------------------------------------------------------
function composeCli(): string[] | undefined {
  if (tool('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (tool('docker-compose', ['version'])) return ['docker-compose'];
  return undefined;
}
const compose = composeCli();

describe('docker compose config', () => {
  it.skipIf(!compose)(
    `validates with ${compose?.join(' ') ?? '(skipped: neither the docker compose plugin nor docker-compose is installed)'}`,
    () => {
      const [cmd, ...pre] = compose as string[];
      for (const profiles of [[], ['--profile', 'indexer', '--profile', 'observability']]) {
        const r = spawnSync(
          cmd as string,
          [...pre, '-f', at('docker-compose.yml'), ...profiles, 'config', '-q'],
          {
            cwd: ROOT,
            encoding: 'utf8',
            env: {
              PATH: process.env.PATH ?? '/usr/bin:/bin',
              HOME: process.env.HOME ?? '/tmp',
              WEBHOOK_TOKEN: 'compose-token',
              ADMIN_PASSWORD: 'compose-password',
              MINIO_ROOT_PASSWORD: 'compose-minio-password',
            },
          },
        );
        expect(r.status, r.stderr).toBe(0);
      }
    },
  );
});
