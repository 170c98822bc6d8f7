// The docker executor: the same sandbox spec run in a container of Kaggle's image (or any image),
// through dockerode. No network, read-only root with a tmpfs /tmp, data mounted read-only,
// memory/CPU/pids limits, all capabilities dropped.
import { chownSync, existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { SandboxError, UnavailableError } from '../errors.js';
import { BoundedCapture } from './capture.js';
import { SANDBOX_UID } from './host.js';
import { MB } from './limits.js';
import { DEFAULT_KEEP_BYTES } from './local.js';
import type { Executor, ExecutorInfo, SandboxOutcome, SandboxSpec } from './types.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/** Whether a Docker engine can be reached (the socket exists, or DOCKER_HOST names one). */
export function dockerEngineConfigured(socketPath = DEFAULT_DOCKER_SOCKET): boolean {
  return existsSync(socketPath) || Boolean(process.env.DOCKER_HOST);
}

/** The container for a spec. Pure, so the isolation settings can be checked without an engine. */
export function containerSpec(spec: SandboxSpec, image: string, user: string): Docker.ContainerCreateOptions {
  const l = spec.limits;
  return {
    Image: image,
    Cmd: spec.argv,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    WorkingDir: spec.cwd,
    User: user,
    Hostname: 'sandbox',
    NetworkDisabled: true,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    Labels: { 'hookmine.sandbox': '1' },
    HostConfig: {
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': `rw,exec,size=${l.tmpMb}m` },
      Binds: spec.mounts.map((m) => `${m.host}:${m.sandbox}:${m.writable ? 'rw' : 'ro'}`),
      Memory: l.memoryMb * MB,
      MemorySwap: l.memoryMb * MB,
      NanoCpus: 1_000_000_000,
      PidsLimit: l.maxProcs,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Ulimits: [
        { Name: 'cpu', Soft: l.cpuSeconds, Hard: l.cpuSeconds + 5 },
        { Name: 'fsize', Soft: l.maxFileBytes, Hard: l.maxFileBytes },
        { Name: 'core', Soft: 0, Hard: 0 },
      ],
      AutoRemove: false,
    },
  };
}

class Sink extends Writable {
  constructor(private readonly capture: BoundedCapture, private readonly onData: () => void) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.capture.push(chunk);
    this.onData();
    done();
  }
}

export class DockerExecutor implements Executor {
  readonly info: ExecutorInfo;
  private readonly user: string;

  private constructor(private readonly docker: Docker, image: string) {
    const isRoot = process.getuid?.() === 0;
    this.user = String(isRoot ? SANDBOX_UID : (process.getuid?.() ?? 0));
    this.info = { kind: 'docker', image, python: 'python' };
  }

  /** Connect to the engine and check the image is present (hookmine never pulls on its own). */
  static async connect(image: string, socketPath = DEFAULT_DOCKER_SOCKET): Promise<DockerExecutor> {
    const { default: DockerClient } = await import('dockerode');
    const docker = process.env.DOCKER_HOST ? new DockerClient() : new DockerClient({ socketPath });
    try {
      await docker.ping();
    } catch (error) {
      throw new UnavailableError('docker', `no Docker engine reachable (${(error as Error).message}); use --sandbox local`, { cause: error });
    }
    try {
      await docker.getImage(image).inspect();
    } catch (error) {
      throw new UnavailableError('docker', `image ${image} is not present: docker pull ${image}`, { cause: error });
    }
    return new DockerExecutor(docker, image);
  }

  prepareWritable(path: string): void {
    // the container runs as the sandbox uid, like the local sandbox
    if (process.getuid?.() === 0) chownSync(path, SANDBOX_UID, SANDBOX_UID);
  }

  async run(spec: SandboxSpec, options: { signal?: AbortSignal } = {}): Promise<SandboxOutcome> {
    const keep = spec.keepBytes ?? DEFAULT_KEEP_BYTES;
    const stdout = new BoundedCapture(keep);
    const stderr = new BoundedCapture(keep);
    const started = performance.now();
    let timedOut = false;
    let outputLimited = false;
    let container: Docker.Container | undefined;
    try {
      container = await this.docker.createContainer(containerSpec(spec, this.info.image as string, this.user));
      const kill = () => container?.kill().catch(() => undefined);
      const stream = await container.attach({ stream: true, stdout: true, stderr: true });
      const check = () => {
        if (!outputLimited && stdout.total + stderr.total > spec.limits.maxOutputBytes) {
          outputLimited = true;
          void kill();
        }
      };
      this.docker.modem.demuxStream(stream, new Sink(stdout, check), new Sink(stderr, check));
      await container.start();
      const timer = setTimeout(() => {
        timedOut = true;
        void kill();
      }, spec.limits.wallMs);
      const onAbort = () => void kill();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const waited = (await container.wait()) as { StatusCode: number };
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const state = (await container.inspect()).State;
      const killed = timedOut || outputLimited || state.OOMKilled;
      return {
        exitCode: killed ? null : waited.StatusCode,
        signal: killed ? 'SIGKILL' : waited.StatusCode > 128 ? `signal ${waited.StatusCode - 128}` : null,
        timedOut,
        outputLimited,
        stdout: stdout.text(),
        stderr: stderr.text(),
        oomKilled: Boolean(state.OOMKilled),
        stdoutBytes: stdout.total,
        stderrBytes: stderr.total,
        wallMs: performance.now() - started,
      };
    } catch (error) {
      if (error instanceof SandboxError) throw error;
      return {
        exitCode: null,
        signal: null,
        timedOut,
        outputLimited,
        stdout: stdout.text(),
        stderr: stderr.text(),
        stdoutBytes: stdout.total,
        stderrBytes: stderr.total,
        wallMs: performance.now() - started,
        sandboxError: `docker: ${(error as Error).message}`,
      };
    } finally {
      await container?.remove({ force: true }).catch(() => undefined);
    }
  }
}
