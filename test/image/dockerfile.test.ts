import { readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../../dev/kit/child.ts';
import { parseStages, readDockerfile, stepsOf } from './dockerfile.ts';

const [build, runtime] = parseStages();

describe('Dockerfile', () => {
  it('passes the linter (and the linter does catch a broken file)', () => {
    const problems = validate(readDockerfile()).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
    expect(validate('FROM node:20-bookworm-slim\nCMD node dist/main.js\nCMD [ "node" ]\nSTOPSIGNAL SIGNOPE\n').length).toBeGreaterThan(0);
  });

  it('builds in a node:20-bookworm-slim stage: npm ci, the bundle, then prune the dev dependencies', () => {
    expect(build?.image).toBe('node:20-bookworm-slim');
    expect(build?.name).toBeDefined();
    const runs = stepsOf(build!, 'RUN').map((r) => r.command);
    const ci = runs.findIndex((r) => /^npm ci\b/.test(r));
    const bundle = runs.findIndex((r) => /\bnpm run build\b.*&& npm prune --omit=dev\b/.test(r));
    expect(ci).toBeGreaterThanOrEqual(0);
    expect(bundle).toBeGreaterThan(ci);
  });

  it('ships only package.json, the pruned node_modules and dist/ to a node:20-bookworm-slim runtime, run as a non-root user', () => {
    expect(runtime?.image).toBe('node:20-bookworm-slim');
    const copies = stepsOf(runtime!, 'COPY');
    expect(copies.every((c) => c.from === build?.name)).toBe(true);
    expect(copies.flatMap((c) => c.sources).sort()).toEqual(['/app/dist', '/app/node_modules', '/app/package.json']);
    expect(stepsOf(runtime!, 'RUN').some((r) => /\bnpm\b/.test(r.command))).toBe(false);
    const users = stepsOf(runtime!, 'USER');
    expect(users.at(-1)?.user).toMatch(/^(node|[1-9]\d*)$/);
  });

  it('keeps LOANBOT_DATA_DIR on a volume the app user owns', () => {
    const env = Object.assign({}, ...stepsOf(runtime!, 'ENV').map((e) => e.vars)) as Record<string, string>;
    expect(env['NODE_ENV']).toBe('production');
    const dataDir = env['LOANBOT_DATA_DIR'] ?? '';
    expect(stepsOf(runtime!, 'VOLUME').flatMap((v) => v.paths)).toContain(dataDir);
    const user = stepsOf(runtime!, 'USER').at(-1)?.user ?? '';
    expect(stepsOf(runtime!, 'RUN').some((r) => r.command.includes(`chown ${user}:${user} ${dataDir}`))).toBe(true);
  });

  it('checks health on /healthz, runs node directly (exec form) and stops it with SIGTERM', () => {
    const [health] = stepsOf(runtime!, 'HEALTHCHECK');
    expect(health?.command[0]).toBe('node');
    expect(health?.command.join(' ')).toContain('/healthz');
    expect(health?.command.join(' ')).toContain('process.env.PORT');
    expect(stepsOf(runtime!, 'STOPSIGNAL').at(-1)?.signal).toBe('SIGTERM');
    const [cmd] = stepsOf(runtime!, 'CMD');
    expect(cmd?.command.slice(0, 1)).toEqual(['node']);
    expect(cmd?.command.at(-1)).toBe('dist/main.js');
    expect(runtime!.steps.some((s) => s.kind === 'OTHER' && s.keyword === 'ENTRYPOINT')).toBe(false);
  });
});

describe('.dockerignore', () => {
  it('keeps secrets, local data, the host’s node_modules and builds out of the build context', () => {
    const ignored = readFileSync(`${ROOT}.dockerignore`, 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['.env', 'node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(entry);
    // …but not what the build stage copies.
    for (const copied of stepsOf(build!, 'COPY').flatMap((c) => c.sources)) expect(ignored).not.toContain(copied);
  });
});

describe('compose.yaml', () => {
  interface Service {
    image?: string;
    build?: unknown;
    environment?: Record<string, string>;
    depends_on?: Record<string, unknown>;
    stop_grace_period?: string;
    ports?: string[];
  }
  const compose = parseYaml(readFileSync(`${ROOT}compose.yaml`, 'utf8'), { merge: true }) as { services: Record<string, Service> };

  it('runs two loanbot instances against one Postgres through DATABASE_URL, each with its own port and a stop grace of at least 15 s', () => {
    const { postgres, ...rest } = compose.services;
    expect(postgres?.image).toMatch(/^postgres:/);
    const instances = Object.values(rest).filter((s) => s.build !== undefined || s.image?.startsWith('loanbot'));
    expect(instances.length).toBeGreaterThanOrEqual(2);
    const urls = new Set(instances.map((s) => s.environment?.['DATABASE_URL']));
    expect(urls.size).toBe(1);
    expect([...urls][0]).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    const volume = stepsOf(runtime!, 'VOLUME').flatMap((v) => v.paths)[0];
    for (const instance of instances) {
      expect(instance.depends_on).toHaveProperty('postgres');
      expect(instance.environment?.['LOANBOT_DATA_DIR']).toBe(volume);
      expect(Number(/^(\d+)s$/.exec(instance.stop_grace_period ?? '')?.[1] ?? 0)).toBeGreaterThanOrEqual(15);
    }
    const hostPorts = instances.flatMap((s) => s.ports ?? []).map((p) => p.split(':')[0]);
    expect(new Set(hostPorts).size).toBe(instances.length);
  });
});
