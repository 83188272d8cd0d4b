/**
 * Reads a Dockerfile's stages as far as the container-image test needs them: each stage's base
 * image, name, WORKDIR, ENV, COPY and RUN instructions, in order. Line continuations are joined;
 * comments are dropped. Not a full Dockerfile parser: it refuses what it does not understand
 * (heredocs, JSON-form COPY), so the test fails rather than assembling the wrong file set.
 */

export interface DockerCopy {
  /** The stage copied from (`--from=`), or undefined for the build context. */
  readonly from: string | undefined;
  readonly sources: readonly string[];
  readonly dest: string;
  /** The WORKDIR in effect, against which a relative dest resolves. */
  readonly workdir: string;
}

export interface DockerStage {
  readonly base: string;
  readonly name: string | undefined;
  readonly workdir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly copies: readonly DockerCopy[];
  readonly runs: readonly string[];
}

export function parseDockerfile(text: string): DockerStage[] {
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: {
    base: string;
    name: string | undefined;
    workdir: string;
    env: Record<string, string>;
    copies: DockerCopy[];
    runs: string[];
  }[] = [];
  for (const line of instructions) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const stage = stages.at(-1);
    switch (keyword.toUpperCase()) {
      case 'FROM': {
        const as = rest.findIndex((word) => word.toUpperCase() === 'AS');
        stages.push({
          base: rest[0] ?? '',
          name: as >= 0 ? rest[as + 1] : undefined,
          workdir: '/',
          env: {},
          copies: [],
          runs: [],
        });
        break;
      }
      case 'WORKDIR':
        if (!stage) throw new Error(`Dockerfile: ${line} before FROM`);
        stage.workdir = rest[0]!.startsWith('/')
          ? rest[0]!
          : `${stage.workdir.replace(/\/$/, '')}/${rest[0]}`;
        break;
      case 'ENV':
        if (!stage) throw new Error(`Dockerfile: ${line} before FROM`);
        for (const pair of rest) {
          const eq = pair.indexOf('=');
          if (eq < 0) throw new Error(`Dockerfile: ENV without KEY=VALUE is not understood: ${line}`);
          stage.env[pair.slice(0, eq)] = pair.slice(eq + 1);
        }
        break;
      case 'COPY':
      case 'ADD': {
        if (!stage) throw new Error(`Dockerfile: ${line} before FROM`);
        if (rest[0]?.startsWith('[') || line.includes('<<'))
          throw new Error(`Dockerfile: not understood: ${line}`);
        const flags = rest.filter((word) => word.startsWith('--'));
        const paths = rest.filter((word) => !word.startsWith('--'));
        const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
        stage.copies.push({ from, sources: paths.slice(0, -1), dest: paths.at(-1)!, workdir: stage.workdir });
        break;
      }
      case 'RUN':
        if (!stage) throw new Error(`Dockerfile: ${line} before FROM`);
        stage.runs.push(rest.join(' '));
        break;
      default:
        break;
    }
  }
  return stages;
}

/** An absolute path inside the image for `dest` copied under `workdir`. */
export function imagePath(workdir: string, dest: string): string {
  const joined = dest.startsWith('/') ? dest : `${workdir.replace(/\/$/, '')}/${dest}`;
  return (
    joined
      .replace(/\/\.\//g, '/')
      .replace(/\/\.$/, '')
      .replace(/\/$/, '') || '/'
  );
}
