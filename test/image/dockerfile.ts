/**
 * The repository's Dockerfile, read with dockerfile-ast into stages of plain steps, so tests can check it
 * and run its steps on the host without a Docker engine.
 */
import { readFileSync } from 'node:fs';
import { Copy, DockerfileParser, ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import { ROOT } from '../../dev/kit/child.ts';

export type Step =
  | { kind: 'RUN'; command: string }
  | { kind: 'COPY'; from: string | undefined; sources: string[]; dest: string }
  | { kind: 'WORKDIR'; dir: string }
  | { kind: 'ENV'; vars: Record<string, string> }
  | { kind: 'USER'; user: string }
  | { kind: 'VOLUME'; paths: string[] }
  | { kind: 'HEALTHCHECK'; command: string[]; options: Record<string, string> }
  | { kind: 'STOPSIGNAL'; signal: string }
  | { kind: 'CMD'; command: string[] }
  | { kind: 'OTHER'; keyword: string; args: string };

export interface Stage {
  image: string;
  name: string | undefined;
  steps: Step[];
}

export const DOCKERFILE = `${ROOT}Dockerfile`;

export function readDockerfile(path = DOCKERFILE): string {
  return readFileSync(path, 'utf8');
}

/** JSON arrays only: the exec form, which runs the program directly (no shell between it and signals). */
function execForm(text: string, keyword: string): string[] {
  const parsed: unknown = JSON.parse(text.trim());
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) throw new Error(`${keyword} is not in exec form: ${text}`);
  return parsed;
}

function toStep(instruction: Instruction): Step {
  const keyword = instruction.getKeyword();
  const args = instruction.getArgumentsContent() ?? '';
  const values = instruction.getArguments().map((a) => a.getValue());
  switch (keyword) {
    case 'RUN':
      return { kind: 'RUN', command: args.replace(/\\\r?\n\s*/g, ' ') };
    case 'COPY': {
      const from = instruction instanceof Copy ? instruction.getFromFlag()?.getValue() ?? undefined : undefined;
      const paths = values.filter((v) => !v.startsWith('--'));
      return { kind: 'COPY', from, sources: paths.slice(0, -1), dest: paths.at(-1) ?? '' };
    }
    case 'WORKDIR':
      return { kind: 'WORKDIR', dir: args.trim() };
    case 'ENV': {
      const vars: Record<string, string> = {};
      for (const pair of values) {
        const eq = pair.indexOf('=');
        if (eq > 0) vars[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      return { kind: 'ENV', vars };
    }
    case 'USER':
      return { kind: 'USER', user: args.trim() };
    case 'VOLUME':
      return { kind: 'VOLUME', paths: args.trim().startsWith('[') ? execForm(args, 'VOLUME') : values };
    case 'HEALTHCHECK': {
      const match = /^\s*CMD\s+(\[.*\])\s*$/s.exec(args.replace(/\\\r?\n/g, ' '));
      if (!match?.[1]) throw new Error(`HEALTHCHECK without an exec-form CMD: ${args}`);
      const flags = instruction instanceof ModifiableInstruction ? instruction.getFlags() : [];
      const options = Object.fromEntries(flags.map((f) => [f.getName(), f.getValue() ?? '']));
      return { kind: 'HEALTHCHECK', command: execForm(match[1], 'HEALTHCHECK'), options };
    }
    case 'STOPSIGNAL':
      return { kind: 'STOPSIGNAL', signal: args.trim() };
    case 'CMD':
      return { kind: 'CMD', command: execForm(args, 'CMD') };
    default:
      return { kind: 'OTHER', keyword, args };
  }
}

export function parseStages(content = readDockerfile()): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(content).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const [image = '', as, name] = instruction.getArguments().map((a) => a.getValue());
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, steps: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${instruction.getKeyword()} before the first FROM`);
    stage.steps.push(toStep(instruction));
  }
  return stages;
}

export function stepsOf<K extends Step['kind']>(stage: Stage, kind: K): Array<Extract<Step, { kind: K }>> {
  return stage.steps.filter((s): s is Extract<Step, { kind: K }> => s.kind === kind);
}
