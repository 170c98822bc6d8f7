"""hookmine's warm-pool server: runs inside the sandbox, imports the data stack once, then forks
one child per job, so a small job costs a fork (~10-50 ms) instead of a fresh interpreter (~1 s).

Protocol: one JSON request per line on stdin
    {"id", "code", "timeoutMs", "cwd"?, "env"?, "memoryMb"?, "maxOutputBytes"?, "keepBytes"?, "seed"?}
one JSON response per line on the original stdout
    {"id", "ok", "stdout", "stderr", "stdoutBytes", "stderrBytes", "error"?, "hookCaptures",
     "hookCapturesTruncated", "durationMs", "timedOut", "outputLimited", "signal"?}
and first a {"ready": true, ...} line once the imports are done. Anything else the server or a
library prints goes to stderr. A job that loops, eats memory, forks or prints without end is
killed or bounded; the server cleans up after it and takes the next job.
"""

import json
import os
import resource
import select
import shutil
import signal
import stat
import sys
import time
import traceback

MAX_HOOK_LINES = 100_000
MAX_HOOK_BYTES = 64 << 20


def vm_size_bytes():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def preload(names):
    loaded = []
    for name in names:
        try:
            __import__(name)
            loaded.append(name)
        except Exception as exc:  # a missing optional library must not stop the pool
            print("hookmine pool: cannot preload %s: %s" % (name, exc), file=sys.stderr)
    return loaded


def limit(kind, soft, hard=None):
    """Lower a limit of this process (never above the sandbox's own hard limit)."""
    _, ceiling = resource.getrlimit(kind)
    hard = soft if hard is None else hard
    if ceiling != resource.RLIM_INFINITY:
        soft, hard = min(soft, ceiling), min(hard, ceiling)
    resource.setrlimit(kind, (soft, hard))


def run_child(req, job_dir, hook_path, out_w, err_w, res_w):
    """In the forked child: limits, environment, fresh globals, the code; the result to res_w."""
    os.setsid()
    job_pid = os.getpid()
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    status = {"ok": True}
    try:
        memory = int(req.get("memoryMb") or 2048) << 20
        limit(resource.RLIMIT_AS, vm_size_bytes() + memory)
        cpu = int(req.get("timeoutMs", 30000) / 1000) + 2
        limit(resource.RLIMIT_CPU, cpu, cpu + 1)
        os.chdir(req.get("cwd") or job_dir)
        os.environ["HOOKMINE_HOOK_OUT"] = hook_path
        for key, value in (req.get("env") or {}).items():
            os.environ[str(key)] = str(value)
        sys.modules.pop("hookmine_hook", None)  # re-read HOOKMINE_HOOK_OUT in this job
        import random

        seed = int(req.get("seed", 0))
        random.seed(seed)
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed(seed)
        sys.stdout = os.fdopen(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
        sys.stderr = os.fdopen(2, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
        import hookmine_ipython

        namespace = {"__name__": "__main__", "display": hookmine_ipython.display, "get_ipython": hookmine_ipython.get_ipython}
        exec(compile(req["code"], "<job>", "exec"), namespace)
    except BaseException as exc:  # noqa: B036 - every exception of the job is its result
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
            tb = tb.tb_next
        status = {"ok": False, "error": {"ename": type(exc).__name__, "evalue": str(exc), "traceback": "".join(traceback.format_exception(type(exc), exc, tb))}}
    if os.getpid() != job_pid:
        os._exit(0)  # a process the job forked (a fork bomb) never reports a result
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        os.write(res_w, json.dumps(status, default=str).encode())
    finally:
        os._exit(0)


def _state(pid):
    try:
        with open("/proc/%d/stat" % pid, "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def kill_strays(keep, deadline_s=10.0):
    """Kill every process of this sandbox but the server and its ancestors (a job's leftovers).

    A fork bomb keeps forking while it is being killed, and killed processes count against the
    process limit until they are reaped: repeat until a scan of /proc finds no process of the job
    at all, dead or alive, so the next job can fork. Counting only the processes it killed is not
    enough: one that forks and exits between the listing and its state check (`setsid` run by a
    session leader does exactly that) looks dead, and its child, absent from the listing, would
    outlive the job.
    """
    end = time.monotonic() + deadline_s
    while True:
        left = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) in keep:
                continue
            left += 1
            pid = int(entry)
            if _state(pid) in (None, b"Z", b"X"):
                continue
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
        if left == 0 or time.monotonic() > end:
            return
        time.sleep(0.005)


class SandboxViolation(Exception):
    """The job left something other than a regular file where the server reads its captures."""


def _kind(mode):
    for test, name in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "an unknown kind of file"


def read_job_file(path, limit):
    """At most `limit` bytes of a file the job could have replaced: no link followed, no wait on
    a FIFO, regular files only (the rule the host follows, src/sandbox/safe-read.ts). None when
    the file does not exist; SandboxViolation for anything else than a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        return None
    except OSError:
        try:
            found = _kind(os.lstat(path).st_mode)
        except OSError as exc:
            found = "unreadable (%s)" % exc.strerror
        raise SandboxViolation("%s is %s, not a regular file: it was not read" % (path, found))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SandboxViolation("%s is %s, not a regular file: it was not read" % (path, _kind(st.st_mode)))
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_hooks(path):
    captures, truncated = [], False
    data = read_job_file(path, MAX_HOOK_BYTES)
    if data is None:
        return captures, truncated
    if len(data) > MAX_HOOK_BYTES:
        data, truncated = data[:MAX_HOOK_BYTES], True
    for line in data.splitlines():
        if not line.strip():
            continue
        if len(captures) >= MAX_HOOK_LINES:
            return captures, True
        try:
            captures.append(json.loads(line))
        except ValueError:
            truncated = True
    return captures, truncated


def handle(req, keep):
    job_dir = "/tmp/hookmine-jobs/%s" % req["id"]
    os.makedirs(job_dir, exist_ok=True)
    # Captures live apart from the job's folder, so they never look like files the job wrote.
    os.makedirs("/tmp/hookmine-hooks", exist_ok=True)
    hook_path = "/tmp/hookmine-hooks/%s.jsonl" % req["id"]
    keep_bytes = int(req.get("keepBytes", 1 << 20))
    max_output = int(req.get("maxOutputBytes", 64 << 20))
    deadline = time.monotonic() + req.get("timeoutMs", 30000) / 1000.0
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    res_r, res_w = os.pipe()
    started = time.perf_counter()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        for fd in (out_r, err_r, res_r):
            os.close(fd)
        run_child(req, job_dir, hook_path, out_w, err_w, res_w)
    for fd in (out_w, err_w, res_w):
        os.close(fd)
    bufs = {out_r: bytearray(), err_r: bytearray(), res_r: bytearray()}
    totals = {out_r: 0, err_r: 0}
    open_fds = [out_r, err_r, res_r]
    timed_out = output_limited = False
    exited = None
    while open_fds:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select(open_fds, [], [], min(left, 0.05 if exited is not None else 0.5))
        if not ready and exited is not None:
            break  # the job is over; only processes it left behind still hold the pipes
        for fd in ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                open_fds.remove(fd)
                continue
            if fd == res_r:
                bufs[fd] += chunk
                continue
            totals[fd] += len(chunk)
            room = keep_bytes - len(bufs[fd])
            if room > 0:
                bufs[fd] += chunk[:room]
        if totals[out_r] + totals[err_r] > max_output:
            output_limited = True
            break
        if exited is None:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                exited = st
    if exited is None:
        if timed_out or output_limited:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        _, exited = os.waitpid(pid, 0)
    status = exited
    kill_strays(keep)
    for fd in (out_r, err_r, res_r):
        try:
            os.close(fd)
        except OSError:
            pass
    violation = None
    try:
        captures, truncated = read_hooks(hook_path)
    except SandboxViolation as exc:
        captures, truncated, violation = [], False, str(exc)
    shutil.rmtree(job_dir, ignore_errors=True)
    try:
        os.unlink(hook_path)
    except OSError:
        pass
    response = {
        "id": req["id"],
        "stdout": bufs[out_r].decode("utf-8", "replace"),
        "stderr": bufs[err_r].decode("utf-8", "replace"),
        "stdoutBytes": totals[out_r],
        "stderrBytes": totals[err_r],
        "hookCaptures": captures,
        "hookCapturesTruncated": truncated,
        "durationMs": (time.perf_counter() - started) * 1000.0,
        "timedOut": timed_out,
        "outputLimited": output_limited,
    }
    result = None
    if bufs[res_r]:
        try:
            result = json.loads(bytes(bufs[res_r]))
        except ValueError:
            result = None
    if violation:
        response.update(ok=False, error={"ename": "SandboxViolation", "evalue": violation, "traceback": ""})
    elif timed_out:
        response.update(ok=False, error={"ename": "TimeoutError", "evalue": "the job ran longer than %d ms" % req.get("timeoutMs", 30000), "traceback": ""})
    elif output_limited:
        response.update(ok=False, error={"ename": "OutputLimitExceeded", "evalue": "the job printed more than %d bytes" % max_output, "traceback": ""})
    elif result is not None:
        response.update(result)
    else:
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        name = signal.Signals(sig).name if sig else None
        response.update(ok=False, signal=name, error={"ename": "JobKilled", "evalue": "the job ended without a result (%s)" % (name or "exit %d" % os.WEXITSTATUS(status)), "traceback": ""})
    return response


def main():
    proto = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # stray prints (imports, libraries) must not corrupt the protocol
    sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "shims"))
    names = [n for n in os.environ.get("HOOKMINE_POOL_PRELOAD", "numpy,pandas,sklearn").split(",") if n]
    loaded = preload(names)
    keep = {os.getpid(), 1, os.getppid()}
    proto.write(json.dumps({"ready": True, "pid": os.getpid(), "preloaded": loaded, "python": sys.version.split()[0]}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            response = handle(req, keep)
        except Exception as exc:  # the server must survive its own errors
            response = {"id": req.get("id"), "ok": False, "error": {"ename": "PoolError", "evalue": str(exc), "traceback": traceback.format_exc()}, "stdout": "", "stderr": "", "stdoutBytes": 0, "stderrBytes": 0, "hookCaptures": [], "hookCapturesTruncated": False, "durationMs": 0, "timedOut": False, "outputLimited": False}
        proto.write(json.dumps(response, default=str) + "\n")


if __name__ == "__main__":
    main()
