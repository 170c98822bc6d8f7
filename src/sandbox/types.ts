// The sandbox interface: what to run, with which mounts, environment and limits, and what came
// back. Executors (bubblewrap, docker) implement it; the execute stage and the warm pool use it.

/** A host path made visible inside the sandbox. Read-only unless `writable`. */
export interface Mount {
  host: string;
  sandbox: string;
  writable?: boolean;
}

export interface Limits {
  /** wall-clock limit; the whole sandbox is killed when it passes */
  wallMs: number;
  /** CPU seconds per process (RLIMIT_CPU) */
  cpuSeconds: number;
  /** address space per process (RLIMIT_AS), in MiB */
  memoryMb: number;
  /** output the run may print in all; more is an error (the run is stopped) */
  maxOutputBytes: number;
  /** largest file a process may write (RLIMIT_FSIZE) */
  maxFileBytes: number;
  /** processes and threads of the sandbox user (RLIMIT_NPROC inside the sandbox's user namespace) */
  maxProcs: number;
  /** size of the private /tmp (tmpfs), in MiB */
  tmpMb: number;
}

export interface SandboxSpec {
  /** the command inside the sandbox (absolute interpreter path first) */
  argv: string[];
  mounts: Mount[];
  /** the complete environment inside the sandbox (nothing is inherited) */
  env: Record<string, string>;
  cwd: string;
  limits: Limits;
  /** bytes of stdout and of stderr kept (the full sizes are counted) */
  keepBytes?: number;
  /** text written to the sandbox's stdin */
  stdin?: string;
}

export interface SandboxOutcome {
  exitCode: number | null;
  signal: string | null;
  /** killed at the wall-clock limit */
  timedOut: boolean;
  /** killed because it printed more than maxOutputBytes */
  outputLimited: boolean;
  stdout: string;
  stderr: string;
  stdoutBytes: number;
  stderrBytes: number;
  wallMs: number;
  /** the engine killed it for memory (docker's OOMKilled) */
  oomKilled?: boolean;
  /** the sandbox itself could not start or broke (not the code inside it) */
  sandboxError?: string;
}

export type ExecutorKind = 'local' | 'docker';

export interface ExecutorInfo {
  kind: ExecutorKind;
  /** docker image, for the docker executor */
  image?: string;
  /** the interpreter inside the sandbox */
  python: string;
  /** the host user the local sandbox runs as (uid), when it switches user */
  uid?: number;
}

export interface Executor {
  readonly info: ExecutorInfo;
  run(spec: SandboxSpec, options?: { signal?: AbortSignal }): Promise<SandboxOutcome>;
  /** make a host folder writable for the sandbox user (the working folder, the output folder) */
  prepareWritable(path: string): void;
}
