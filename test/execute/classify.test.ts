import { describe, expect, it } from 'vitest';
import { classifyFailure, type RunFacts } from '../../src/execute/classify.js';
import type { SandboxOutcome } from '../../src/sandbox/index.js';

const ok: SandboxOutcome = { exitCode: 0, signal: null, timedOut: false, outputLimited: false, stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0, wallMs: 10 };

function facts(extra: Omit<Partial<RunFacts>, 'outcome'> & { outcome?: Partial<SandboxOutcome> } = {}): RunFacts {
  const { outcome, ...rest } = extra;
  return { outcome: { ...ok, ...outcome }, done: true, runningCell: null, error: null, limit: null, python2: [], wallSeconds: 420, memoryMb: 4096, maxOutputBytes: 1000, ...rest };
}

const err = (ename: string, evalue: string, extra = {}) => ({ cellIndex: 4, ename, evalue, traceback: '', ...extra });

describe('classifyFailure', () => {
  it('is null for a run that finished without an exception', () => {
    expect(classifyFailure(facts())).toBeNull();
  });

  it('names the missing module and the missing file', () => {
    expect(classifyFailure(facts({ error: err('ModuleNotFoundError', "No module named 'catboost'", { module: 'catboost' }) }))).toEqual({ reason: 'missing_module', detail: 'catboost (cell 4)' });
    expect(classifyFailure(facts({ error: err('ModuleNotFoundError', "No module named 'sklearn.cross_validation'") }))).toEqual({ reason: 'missing_module', detail: 'sklearn.cross_validation (cell 4)' });
    expect(classifyFailure(facts({ error: err('FileNotFoundError', "[Errno 2] No such file or directory: 'data/x.csv'", { filename: 'data/x.csv' }) }))).toEqual({ reason: 'missing_file', detail: 'data/x.csv (cell 4)' });
    expect(classifyFailure(facts({ error: err('OSError', "Cannot save file into a non-existent directory: 'out'") }))).toEqual({ reason: 'missing_file', detail: 'out (cell 4)' });
  });

  it("classes a missing optional dependency (pandas' ImportError) as missing_module naming the package", () => {
    const evalue = "Missing optional dependency 'Jinja2'.  DataFrame.style requires jinja2. Use pip or conda to install jinja2.";
    expect(classifyFailure(facts({ error: err('ImportError', evalue) }))).toEqual({ reason: 'missing_module', detail: 'Jinja2 (cell 4)' });
    expect(classifyFailure(facts({ error: err('ImportError', "No module named 'tables'") }))).toEqual({ reason: 'missing_module', detail: 'tables (cell 4)' });
    // any other ImportError (a name that moved inside an installed package) stays an error
    expect(classifyFailure(facts({ error: err('ImportError', "cannot import name 'plot_confusion_matrix' from 'sklearn.metrics'") }))?.reason).toBe('error');
  });

  it('tells a timeout, the CPU limit, memory and the output limit apart', () => {
    expect(classifyFailure(facts({ done: false, runningCell: 7, outcome: { timedOut: true, signal: 'SIGKILL' } }))).toEqual({ reason: 'timeout', detail: 'wall-clock limit of 420 s reached in cell 7' });
    expect(classifyFailure(facts({ error: err('CPUTimeExceeded', 'CPU time limit reached'), limit: 'cpu' }))).toEqual({ reason: 'timeout', detail: 'CPU time limit reached in cell 4' });
    expect(classifyFailure(facts({ error: err('MemoryError', '') }))?.reason).toBe('memory');
    expect(classifyFailure(facts({ error: err('_ArrayMemoryError', 'Unable to allocate 74.5 GiB') }))?.reason).toBe('memory');
    expect(classifyFailure(facts({ done: false, runningCell: 2, outcome: { signal: 'SIGKILL' } }))).toEqual({ reason: 'memory', detail: 'killed by SIGKILL in cell 2 (memory limit 4096 MiB)' });
    expect(classifyFailure(facts({ done: false, runningCell: 2, outcome: { signal: 'SIGABRT', stderr: "terminate called after throwing an instance of 'std::bad_alloc'" } }))?.reason).toBe('memory');
    expect(classifyFailure(facts({ done: false, runningCell: 2, outcome: { signal: 'SIGSEGV' } }))).toEqual({ reason: 'error', detail: 'the interpreter crashed with SIGSEGV in cell 2' });
    expect(classifyFailure(facts({ outcome: { outputLimited: true }, runningCell: 1, done: false }))).toEqual({ reason: 'error', detail: 'output limit: the run printed more than 1000 bytes in cell 1' });
  });

  it('reports Python 2 syntax where the extractor found it, or where CPython says so', () => {
    const python2 = [{ cell: 4, line: 2, construct: 'print statement', text: 'print x' }];
    expect(classifyFailure(facts({ python2, error: err('SyntaxError', 'invalid syntax', { lineno: 2 }) }))).toEqual({ reason: 'python2_syntax', detail: 'print statement in cell 4, line 2: print x' });
    expect(classifyFailure(facts({ error: err('SyntaxError', "Missing parentheses in call to 'print'. Did you mean print(...)?", { lineno: 1 }) }))?.reason).toBe('python2_syntax');
    expect(classifyFailure(facts({ error: err('SyntaxError', 'invalid syntax', { lineno: 1 }) }))).toEqual({ reason: 'error', detail: 'cell 4: SyntaxError: invalid syntax' });
  });

  it('blames the sandbox when it could not start or the runner broke', () => {
    expect(classifyFailure(facts({ outcome: { sandboxError: "the sandbox did not start: bwrap: Can't find source path /x" } }))).toEqual({ reason: 'sandbox_error', detail: "the sandbox did not start: bwrap: Can't find source path /x" });
    expect(classifyFailure(facts({ done: false, outcome: { exitCode: 3, stderr: 'Traceback...\nKeyError: cells' } }))).toEqual({ reason: 'sandbox_error', detail: 'the runner stopped without finishing (exit 3): Traceback... | KeyError: cells' });
  });
});
